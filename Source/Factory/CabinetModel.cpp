// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "CabinetModel.h"

#include "Filters.h"
#include "Random.h"

#include <array>
#include <cmath>
#include <iterator>
#include <numbers>

namespace faltung::factory
{

namespace
{
struct Microphone
{
    double delaySeconds;       // from the cone to the microphone
    double floorDelaySeconds;  // extra path of the floor reflection
    double offAxisDullingDb;   // a wide dip around 4 kHz: off axis, the cone beams its highs away
    double modeCouplingSpread; // how much the microphone's view of each break-up mode varies
};

struct Mode
{
    double hz;
    double decaySeconds; // time constant of the amplitude
    double amplitude;
    double phase;
};
} // namespace

std::vector<std::vector<double>> renderCabinet(double sampleRate, std::uint64_t seed)
{
    using std::numbers::pi;
    const auto length = static_cast<std::size_t>(std::lround(0.030 * sampleRate));
    const Microphone microphones[] = {{0.0010, 0.0029, 0.0, 0.0}, {0.0011, 0.0030, -5.0, 0.5}};

    Pcg32 random(seed);
    std::vector<Mode> modes;
    for (int i = 0; i < 14; ++i)
    {
        const double hz = 1200.0 * std::pow(5000.0 / 1200.0, random.uniform());
        modes.push_back(
            {hz, random.uniform(0.0006, 0.0025), random.uniform(0.02, 0.07), random.uniform(0.0, 2.0 * pi)});
    }

    std::vector<std::vector<double>> channels;
    for (std::uint64_t m = 0; m < std::size(microphones); ++m)
    {
        const Microphone& mic = microphones[m];
        std::vector<double> x(length, 0.0);
        const double arrival = mic.delaySeconds * sampleRate;
        addWindowedSinc(x, arrival, 1.0, 0.42 * sampleRate, sampleRate, 32);

        // The floor reflection: weaker, and duller for its longer path and the floor.
        const std::array<double, kNumBands> floorGains{0.25, 0.25, 0.22, 0.18, 0.14, 0.1, 0.06};
        addOctaveShapedImpulse(x, arrival + mic.floorDelaySeconds * sampleRate, floorGains, sampleRate);

        // Break-up modes, ringing from the arrival on; each microphone sees each mode
        // with its own weight.
        Pcg32 coupling(seed, 1 + m);
        for (const auto& mode : modes)
        {
            const double weight = 1.0 + mic.modeCouplingSpread * coupling.uniform(-1.0, 1.0);
            for (std::size_t n = 0; n < length; ++n)
            {
                const double t = (static_cast<double>(n) - arrival) / sampleRate;
                if (t < 0.0)
                    continue;
                x[n] += weight * mode.amplitude * std::exp(-t / mode.decaySeconds) *
                        std::sin(2.0 * pi * mode.hz * t + mode.phase);
            }
        }

        // The speaker's response.
        FilterChain speaker = FilterChain::butterworthHighPass(2, 80.0, sampleRate);
        speaker.sections.push_back(Biquad::peaking(115.0, 1.4, 4.0, sampleRate));  // cabinet resonance
        speaker.sections.push_back(Biquad::peaking(500.0, 0.8, -4.0, sampleRate)); // mid scoop
        speaker.sections.push_back(Biquad::peaking(2500.0, 1.5, 4.0, sampleRate)); // presence
        speaker.sections.push_back(Biquad::peaking(3600.0, 3.0, 3.0, sampleRate));
        speaker.sections.push_back(Biquad::peaking(4000.0, 0.7, mic.offAxisDullingDb, sampleRate));
        speaker.append(FilterChain::butterworthLowPass(4, 5000.0, sampleRate));
        speaker.append(FilterChain::butterworthLowPass(2, 6500.0, sampleRate)); // the cone's steep top end
        for (auto& sample : x)
            sample = speaker.process(sample);

        // Fade out over the last 6 ms.
        const auto fade = static_cast<std::size_t>(std::lround(0.006 * sampleRate));
        for (std::size_t i = 0; i < fade; ++i)
            x[length - fade + i] *=
                0.5 * (1.0 + std::cos(pi * static_cast<double>(i + 1) / static_cast<double>(fade)));
        channels.push_back(std::move(x));
    }
    return channels;
}

} // namespace faltung::factory
