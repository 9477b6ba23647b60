// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "FactoryPresets.h"

#include "Parameters.h"

namespace faltung
{

const std::vector<FactoryPreset>& factoryPresets()
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

} // namespace faltung
