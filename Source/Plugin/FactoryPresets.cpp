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
    // The cathedral's stone is darkened a little with the high shelf; the plate, a
    // vocal reverb, ducks under the voice and blooms in its gaps.
    static const std::vector<FactoryPreset> presets{
        {"Small Room", "small-room", 25.0f, 0.0f, 80.0f, 12000.0f, 100.0f},
        {"Studio Live Room", "studio-live-room", 25.0f, 5.0f, 60.0f, 14000.0f, 110.0f},
        {"Chamber", "chamber", 30.0f, 10.0f, 120.0f, 10000.0f, 100.0f},
        {"Concert Hall", "concert-hall", 30.0f, 20.0f, 80.0f, 9000.0f, 120.0f},
        {"Cathedral", "cathedral", 35.0f, 30.0f, 100.0f, 8000.0f, 130.0f, 0.0f, -3.0f},
        {"Plate", "plate", 30.0f, 15.0f, 150.0f, open, 100.0f, 0.0f, 0.0f, 6.0f},
        {"Spring", "spring", 30.0f, 0.0f, 200.0f, 6000.0f, 80.0f},
        {"Guitar Cabinet", "cabinet", 100.0f, 0.0f, off, open, 100.0f},
    };
    return presets;
}

} // namespace faltung
