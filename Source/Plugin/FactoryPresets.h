// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

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
const std::vector<FactoryPreset>& factoryPresets();

} // namespace faltung
