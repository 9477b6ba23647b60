// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "Parameters.h"

#include "ParameterRange.h"

namespace faltung::params
{

namespace
{
using FloatAttributes = juce::AudioParameterFloatAttributes;

FloatAttributes decibels(float offBelow)
{
    return FloatAttributes()
        .withLabel("dB")
        .withStringFromValueFunction([offBelow](float v, int)
                                     { return v <= offBelow ? juce::String("-inf") : juce::String(v, 1); })
        .withValueFromStringFunction(
            [offBelow](const juce::String& s)
            { return s.trim().startsWithIgnoreCase("-inf") ? offBelow : s.getFloatValue(); });
}

FloatAttributes hertz(float offAt)
{
    return FloatAttributes()
        .withLabel("Hz")
        .withStringFromValueFunction(
            [offAt](float v, int)
            {
                if (v == offAt)
                    return juce::String("Off");
                return v >= 1000.0f ? juce::String(v / 1000.0f, 2) + "k" : juce::String(juce::roundToInt(v));
            })
        .withValueFromStringFunction(
            [offAt](const juce::String& s)
            {
                if (s.trim().equalsIgnoreCase("off"))
                    return offAt;
                const float v = s.getFloatValue();
                return s.trim().endsWithIgnoreCase("k") ? v * 1000.0f : v;
            });
}

// A number with its unit, or a word at the end of the range that means off.
FloatAttributes withOffText(const char* label, int decimals, float offAt, const char* offText)
{
    const juce::String off(offText);
    return FloatAttributes()
        .withLabel(label)
        .withStringFromValueFunction([=](float v, int)
                                     { return v == offAt ? off : juce::String(v, decimals); })
        .withValueFromStringFunction([=](const juce::String& s)
                                     { return s.trim().equalsIgnoreCase(off) ? offAt : s.getFloatValue(); });
}

FloatAttributes withUnit(const char* label, int decimals)
{
    return FloatAttributes().withLabel(label).withStringFromValueFunction(
        [decimals](float v, int) { return juce::String(v, decimals); });
}

// How a continuous parameter's value reads: levels go to "-inf" and frequencies
// to "Off" at the end that means off; other values are numbers with their unit.
FloatAttributes attributesOf(const ParameterSpec& spec)
{
    const juce::String unit(spec.unit);
    if (spec.offAt.has_value() && spec.offText != nullptr)
        return withOffText(spec.unit, spec.decimals, *spec.offAt, spec.offText);
    if (spec.offAt.has_value() && unit == "Hz")
        return hertz(*spec.offAt);
    if (spec.offAt.has_value() && unit == "dB")
        return decibels(*spec.offAt);
    jassert(!spec.offAt.has_value()); // a new kind of "off" needs its text here
    return withUnit(spec.unit, spec.decimals);
}

juce::StringArray choiceTexts(const ParameterSpec& spec)
{
    juce::StringArray texts;
    for (const auto& c : spec.choices)
        texts.add(c.text);
    return texts;
}

// A choice whose plain and normalised values are the same, step i of n being
// i / (n - 1). JUCE 7.0.5's LV2 wrapper writes a choice's scale points as
// normalised values but its range as plain values (0 .. n - 1), so in LV2 hosts a
// plain choice of more than two options picks the wrong option; this one does not.
class SteppedChoice : public juce::AudioParameterFloat
{
public:
    SteppedChoice(const juce::ParameterID& id, const juce::String& displayName, juce::StringArray choices,
                  int defaultIndex, const juce::String& unit)
        : AudioParameterFloat(
              id, displayName,
              juce::NormalisableRange<float>(0.0f, 1.0f, 1.0f / static_cast<float>(choices.size() - 1)),
              static_cast<float>(defaultIndex) / static_cast<float>(choices.size() - 1),
              FloatAttributes()
                  .withLabel(unit)
                  .withStringFromValueFunction(
                      [choices](float v, int)
                      { return choices[juce::roundToInt(v * static_cast<float>(choices.size() - 1))]; })
                  .withValueFromStringFunction(
                      [choices](const juce::String& text)
                      {
                          const int index = juce::jmax(0, choices.indexOf(text.trim()));
                          return static_cast<float>(index) / static_cast<float>(choices.size() - 1);
                      }))
        , numChoices_(choices.size())
    {
    }
    bool isDiscrete() const override { return true; }
    int getNumSteps() const override { return numChoices_; }

private:
    int numChoices_;
};

std::unique_ptr<juce::RangedAudioParameter> makeParameter(const ParameterSpec& spec)
{
    const auto id = parameterId(spec);
    switch (spec.kind)
    {
        case ParameterKind::continuous:
            return std::make_unique<juce::AudioParameterFloat>(id, spec.name, normalisableRange(spec),
                                                               spec.defaultValue, attributesOf(spec));
        case ParameterKind::toggle:
            return std::make_unique<juce::AudioParameterBool>(
                id, spec.name, spec.defaultValue >= 0.5f,
                juce::AudioParameterBoolAttributes().withAutomatable(spec.automatable));
        case ParameterKind::choice:
            if (spec.choiceValue == ChoiceValue::fraction)
            {
                jassert(spec.automatable); // SteppedChoice is always automatable
                return std::make_unique<SteppedChoice>(id, spec.name, choiceTexts(spec),
                                                       static_cast<int>(spec.defaultValue), spec.unit);
            }
            return std::make_unique<juce::AudioParameterChoice>(
                id, spec.name, choiceTexts(spec), static_cast<int>(spec.defaultValue),
                juce::AudioParameterChoiceAttributes().withLabel(spec.unit).withAutomatable(
                    spec.automatable));
    }
    jassertfalse;
    return nullptr;
}
} // namespace

juce::AudioProcessorValueTreeState::ParameterLayout createLayout()
{
    juce::AudioProcessorValueTreeState::ParameterLayout layout;
    for (const auto* spec : kParameters)
        layout.add(makeParameter(*spec));
    return layout;
}

ParameterReader::ParameterReader(juce::AudioProcessorValueTreeState& state)
{
    for (std::size_t i = 0; i < kParameters.size(); ++i)
    {
        values_[i] = state.getRawParameterValue(kParameters[i]->id);
        jassert(values_[i] != nullptr);
    }
}

ParameterTargets ParameterReader::read(TargetGroup group) const noexcept
{
    ParameterTargets t;
    for (std::size_t i = 0; i < kParameters.size(); ++i)
        if (kParameters[i]->field.group == group)
            kParameters[i]->field.write(t, values_[i]->load(std::memory_order_relaxed));
    return t;
}

ReverbSettings ParameterReader::reverbSettings() const noexcept
{
    return read(TargetGroup::reverb).reverb;
}

IrEdits ParameterReader::irEdits() const noexcept
{
    return read(TargetGroup::irEdits).edits;
}

LatencyMode ParameterReader::latencyMode() const noexcept
{
    return read(TargetGroup::engine).latencyMode;
}

int ParameterReader::partitionSize() const noexcept
{
    return read(TargetGroup::engine).partitionSize;
}

float partitionStepValue(int index) noexcept
{
    return spec::partitionSize.choicePlainValue(index);
}

float migratePartitionIndex(float storedIndex) noexcept
{
    return partitionStepValue(juce::jlimit(0, kNumPartitionSizes - 1, juce::roundToInt(storedIndex)));
}

} // namespace faltung::params
