// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// The factory presets: the plugin's programs and faltung-render's --preset. Plain
// C++, beside the parameter table, so that both apply the same values.
#pragma once

#include "ParameterTable.h"

#include <algorithm>
#include <cctype>
#include <string_view>
#include <vector>

namespace faltung
{

// A factory preset: a factory IR with the settings that suit it. Hosts see them
// as the plugin's programs.
struct FactoryPreset
{
    const char* name;
    const char* factoryIrId; // see FactoryCatalog.h
    float mixPercent;
    float predelayMs;
    float lowCutHz;  // params::kLowCutOffHz = off
    float highCutHz; // params::kHighCutOffHz = off
    float widthPercent;
    // The wet EQ's shelves and the ducking; a program sets the EQ's and the
    // ducking's other controls to their defaults.
    float eqLowGainDb = 0.0f;
    float eqHighGainDb = 0.0f;
    float duckAmountDb = 0.0f;
    // The early and late parts and damping (IR edits); a program sets the split
    // to auto and the rest of them to neutral.
    float earlyLevelDb = 0.0f;
    float lateLevelDb = 0.0f;
    float latePredelayMs = 0.0f;
    float dampLowPercent = 100.0f;
    float dampHighPercent = 100.0f;
};

// One per factory IR, in the catalog's order.
inline const std::vector<FactoryPreset>& factoryPresets()
{
    constexpr float off = params::kLowCutOffHz;
    constexpr float open = params::kHighCutOffHz;
    // Rooms get a little predelay as they grow and a low cut that keeps the mix
    // clear; the cabinet is an amp simulation, so it is fully wet and unfiltered.
    // The live room brings its early reflections forward over its tail; the chamber's
    // bass rings a little shorter, to stay tight. The cathedral's stone is darkened
    // with the high shelf and its highs die sooner, and its tail arrives a moment
    // after the first reflections. The plate, a vocal reverb, ducks under the voice
    // and blooms in its gaps.
    static const std::vector<FactoryPreset> presets{
        {"Small Room", "small-room", 25.0f, 0.0f, 80.0f, 12000.0f, 100.0f},
        {.name = "Studio Live Room",
         .factoryIrId = "studio-live-room",
         .mixPercent = 25.0f,
         .predelayMs = 5.0f,
         .lowCutHz = 60.0f,
         .highCutHz = 14000.0f,
         .widthPercent = 110.0f,
         .earlyLevelDb = 2.0f,
         .lateLevelDb = -3.0f},
        {.name = "Chamber",
         .factoryIrId = "chamber",
         .mixPercent = 30.0f,
         .predelayMs = 10.0f,
         .lowCutHz = 120.0f,
         .highCutHz = 10000.0f,
         .widthPercent = 100.0f,
         .dampLowPercent = 85.0f},
        {"Concert Hall", "concert-hall", 30.0f, 20.0f, 80.0f, 9000.0f, 120.0f},
        {.name = "Cathedral",
         .factoryIrId = "cathedral",
         .mixPercent = 35.0f,
         .predelayMs = 30.0f,
         .lowCutHz = 100.0f,
         .highCutHz = 8000.0f,
         .widthPercent = 130.0f,
         .eqHighGainDb = -3.0f,
         .latePredelayMs = 20.0f,
         .dampHighPercent = 70.0f},
        {"Plate", "plate", 30.0f, 15.0f, 150.0f, open, 100.0f, 0.0f, 0.0f, 6.0f},
        {"Spring", "spring", 30.0f, 0.0f, 200.0f, 6000.0f, 80.0f},
        {"Guitar Cabinet", "cabinet", 100.0f, 0.0f, off, open, 100.0f},
    };
    return presets;
}

// A parameter a preset sets, and its plain value.
struct PresetValue
{
    const params::ParameterSpec* spec;
    float value;
};

// Every parameter a preset sets, in the order a program applies them: its own
// values, and the EQ's, ducking's, split's and damping's other controls at their
// defaults. The rest (levels, gain, latency, the IR's trims and edits) are left as
// they are: a preset changes the room, not the session's gain staging or engine.
inline std::vector<PresetValue> presetValues(const FactoryPreset& preset)
{
    namespace spec = params::spec;
    std::vector<PresetValue> values{{&spec::mix, preset.mixPercent},
                                    {&spec::predelay, preset.predelayMs},
                                    {&spec::lowCut, preset.lowCutHz},
                                    {&spec::highCut, preset.highCutHz},
                                    {&spec::width, preset.widthPercent}};
    for (const auto* control :
         {&spec::eqLowFrequency, &spec::eqBellFrequency, &spec::eqBellGain, &spec::eqBellQ,
          &spec::eqHighFrequency, &spec::duckThreshold, &spec::duckRelease, &spec::irSplit, &spec::irDampMid,
          &spec::irDampLowCrossover, &spec::irDampHighCrossover})
        values.push_back({control, control->defaultValue});
    values.insert(values.end(), {{&spec::eqLowGain, preset.eqLowGainDb},
                                 {&spec::eqHighGain, preset.eqHighGainDb},
                                 {&spec::duckAmount, preset.duckAmountDb},
                                 {&spec::irEarlyLevel, preset.earlyLevelDb},
                                 {&spec::irLateLevel, preset.lateLevelDb},
                                 {&spec::irLatePredelay, preset.latePredelayMs},
                                 {&spec::irDampLow, preset.dampLowPercent},
                                 {&spec::irDampHigh, preset.dampHighPercent}});
    return values;
}

// The preset with this name ("Concert Hall", in any case) or factory IR id
// ("concert-hall"); nullptr if none.
inline const FactoryPreset* findFactoryPreset(std::string_view nameOrId)
{
    const auto same = [](std::string_view a, std::string_view b)
    {
        return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                                  [](unsigned char x, unsigned char y)
                                                  { return std::tolower(x) == std::tolower(y); });
    };
    for (const auto& preset : factoryPresets())
        if (same(preset.name, nameOrId) || same(preset.factoryIrId, nameOrId))
            return &preset;
    return nullptr;
}

} // namespace faltung
