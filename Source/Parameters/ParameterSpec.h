// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include "Convolver.h"
#include "IrEdits.h"
#include "ReverbProcessor.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <span>
#include <string_view>
#include <type_traits>
#include <utility>

namespace faltung::params
{

// Everything the parameters drive: the controls of the signal chain, the IR edits
// and the engine options. The plugin reads its parameters into one, faltung-render
// its options; a reader fills the part it needs.
struct ParameterTargets
{
    ReverbSettings reverb;
    IrEdits edits;
    LatencyMode latencyMode{};
    int partitionSize = 0;
};

// The part of ParameterTargets a parameter writes.
enum class TargetGroup
{
    reverb,  // ReverbSettings: smoothed on the audio thread
    irEdits, // IrEdits: a new kernel, built in the background
    engine,  // latency mode and partition size: a new engine
};

// The field a parameter drives, and how its plain value (the parameter's own
// unit: %, ms, a choice's value) becomes the field's value and back. Both are
// real-time safe.
struct ParameterField
{
    TargetGroup group;
    void (*write)(ParameterTargets&, float plain) noexcept;
    float (*read)(const ParameterTargets&) noexcept;
};

enum class ParameterKind
{
    continuous, // a number in [min, max]
    toggle,     // off or on: plain values 0 and 1
    choice,     // one of a list (see ChoiceValue)
};

// How a choice's plain value, the one sessions store, gives its index.
enum class ChoiceValue
{
    index,    // the index itself (JUCE's AudioParameterChoice)
    fraction, // index / (number of choices - 1)
};

// How a control's travel spreads over the range.
enum class Taper
{
    linear,
    centred,     // `centre` at the middle of the travel
    logarithmic, // the geometric mean of min and max at the middle (frequencies)
};

struct Choice
{
    const char* text;                 // as hosts and the editor show it
    const char* optionWord = nullptr; // as faltung-render takes it; nullptr: the text
};

// faltung-render's option for a parameter. Its help may hold {min}, {max} (the
// range's ends), {range} ("0 to 500 ms", with "(off)" at an end that means off)
// and {choices} ("zero or efficient"); the renderer's default follows it.
struct RenderOption
{
    const char* name = nullptr;      // "--gain"; nullptr: the renderer has no such option
    const char* valueName = nullptr; // "DB"; nullptr: a flag that turns a toggle on
    const char* help = nullptr;
    const char* alias = nullptr; // another spelling ("--normalize")
};

// One parameter, everything about it: the plugin's parameter (its ID is saved in
// every session and automation lane: never rename or renumber one; a parameter
// whose meaning changes gets a new version and a migration), the editor's control,
// the field it drives and faltung-render's option.
struct ParameterSpec
{
    const char* id;
    int version = 1;     // the JUCE ParameterID version
    const char* name;    // as hosts show it ("Dry Level")
    const char* label;   // the editor's short name ("Dry")
    const char* tooltip; // the editor's explanation
    ParameterKind kind = ParameterKind::continuous;

    // Continuous: the range in plain units, the step between values, the taper, the
    // unit and the decimals shown, and an end of the range that means "off" (shown
    // as "-inf" for levels, "Off" for frequencies). Give every continuous parameter
    // a step: without one, a tapered value set through its normalised form (as a
    // host restores a session) can come back a float's hair away, and a session
    // saved again would differ from the one loaded.
    float min = 0.0f;
    float max = 1.0f;
    float step = 0.0f;
    Taper taper = Taper::linear;
    float centre = 0.0f; // for Taper::centred
    const char* unit = "";
    int decimals = 0;
    std::optional<float> offAt = {};
    // What the off end reads as, when not "-inf" (dB) or "Off" (Hz): "Auto".
    const char* offText = nullptr;

    // The plain default for continuous parameters and toggles; a choice's index.
    float defaultValue = 0.0f;

    // A choice's options; for a toggle, faltung-render's words for off and on, if
    // its option takes a value.
    std::span<const Choice> choices = {};
    ChoiceValue choiceValue = ChoiceValue::index;
    bool automatable = true;

    ParameterField field;
    RenderOption option = {};

    bool isOffAt(float plain) const noexcept
    {
        return offAt.has_value() && (*offAt == min ? plain <= min : plain >= max);
    }
    int numChoices() const noexcept { return static_cast<int>(choices.size()); }
    // A choice's plain value, and the choice a plain value picks (rounded, clamped).
    constexpr float choicePlainValue(int index) const noexcept
    {
        return choiceValue == ChoiceValue::index
                   ? static_cast<float>(index)
                   : static_cast<float>(index) / static_cast<float>(choices.size() - 1);
    }
    int choiceIndex(float plain) const noexcept
    {
        const float steps = choiceValue == ChoiceValue::index ? 1.0f : static_cast<float>(choices.size() - 1);
        const auto index = static_cast<int>(std::lround(plain * steps));
        return std::clamp(index, 0, static_cast<int>(choices.size()) - 1);
    }
    // The default as a plain value.
    float defaultPlainValue() const noexcept
    {
        return kind == ParameterKind::choice ? choicePlainValue(static_cast<int>(defaultValue))
                                             : defaultValue;
    }
    std::string_view optionWord(int choice) const noexcept
    {
        const auto& c = choices[static_cast<std::size_t>(choice)];
        return c.optionWord != nullptr ? c.optionWord : c.text;
    }
};

// Fields made from a member of ParameterTargets' parts, for the common cases.
namespace fields
{
template <auto part>
constexpr TargetGroup groupOf()
{
    if constexpr (std::is_same_v<decltype(part), ReverbSettings ParameterTargets::*>)
        return TargetGroup::reverb;
    else
    {
        static_assert(std::is_same_v<decltype(part), IrEdits ParameterTargets::*>);
        return TargetGroup::irEdits;
    }
}

// A member of a struct within a part (IrEdits::damping.low), as number() does.
template <auto part, auto group, auto member, int divisor = 1>
constexpr ParameterField numberIn()
{
    using Value = std::remove_cvref_t<decltype((std::declval<ParameterTargets&>().*part.*group).*member)>;
    return {groupOf<part>(),
            [](ParameterTargets& t, float plain) noexcept
            { ((t.*part).*group).*member = static_cast<Value>(plain) / static_cast<Value>(divisor); },
            [](const ParameterTargets& t) noexcept
            { return static_cast<float>(((t.*part).*group).*member * static_cast<Value>(divisor)); }};
}

// The plain value divided by `divisor` (100 for a percentage the field holds as a
// fraction), in the field's own type.
template <auto part, auto member, int divisor = 1>
constexpr ParameterField number()
{
    using Value = std::remove_cvref_t<decltype(std::declval<ParameterTargets&>().*part.*member)>;
    return {groupOf<part>(),
            [](ParameterTargets& t, float plain) noexcept
            { (t.*part).*member = static_cast<Value>(plain) / static_cast<Value>(divisor); },
            [](const ParameterTargets& t) noexcept
            { return static_cast<float>((t.*part).*member * static_cast<Value>(divisor)); }};
}

// A bool: on from half way.
template <auto part, auto member>
constexpr ParameterField toggle()
{
    return {groupOf<part>(),
            [](ParameterTargets& t, float plain) noexcept { (t.*part).*member = plain >= 0.5f; },
            [](const ParameterTargets& t) noexcept { return (t.*part).*member ? 1.0f : 0.0f; }};
}
} // namespace fields

} // namespace faltung::params
