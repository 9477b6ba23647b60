// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "DiffuseTail.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace faltung::factory
{

namespace
{
// Amplitude of each band at decay time zero, per sample of unit-variance noise.
std::array<double, kNumBands> bandAmplitudes(const DiffuseTailSpec& spec, double sampleRate)
{
    std::array<double, kNumBands> amplitudes{};
    for (std::size_t b = 0; b < kNumBands; ++b)
        amplitudes[b] =
            std::sqrt(spec.energyPerSecond / sampleRate) * std::pow(10.0, spec.bandGainDb[b] / 20.0);
    return amplitudes;
}

double fadeInGain(const DiffuseTailSpec& spec, double t)
{
    if (spec.fadeInEnd <= spec.fadeInStart)
        return t >= spec.fadeInStart ? 1.0 : 0.0;
    const double u = std::clamp((t - spec.fadeInStart) / (spec.fadeInEnd - spec.fadeInStart), 0.0, 1.0);
    return std::sin(0.5 * std::numbers::pi * u);
}
} // namespace

std::vector<double> renderDiffuseTail(const DiffuseTailSpec& spec, double sampleRate, std::size_t length,
                                      Pcg32& random)
{
    auto bands = octaveBandSplit(sampleRate);
    const auto amplitudes = bandAmplitudes(spec, sampleRate);
    std::array<double, kNumBands> decayPerSample{};
    for (std::size_t b = 0; b < kNumBands; ++b)
        decayPerSample[b] = std::pow(10.0, -3.0 / (spec.rt60[b] * sampleRate));

    std::vector<double> out(length, 0.0);
    std::array<double, kNumBands> envelopes{};
    bool started = false;
    for (std::size_t n = 0; n < length; ++n)
    {
        const double t = spec.decayTimeAtFirstSample + static_cast<double>(n) / sampleRate;
        if (t < 0.0)
            continue;
        if (!started)
        {
            for (std::size_t b = 0; b < kNumBands; ++b)
                envelopes[b] = amplitudes[b] * std::pow(decayPerSample[b], t * sampleRate);
            started = true;
        }

        // Whether an echo arrives in this sample, and how loud it must be for the
        // expected power to stay that of continuous noise.
        double excitation = 1.0;
        if (spec.echoDensityGrowth > 0.0)
        {
            const double probability = spec.echoDensityGrowth * t * t / sampleRate;
            if (probability < 1.0)
                excitation = random.uniform() < probability ? 1.0 / std::sqrt(probability) : 0.0;
        }

        const double fade = fadeInGain(spec, t);
        double sum = 0.0;
        for (std::size_t b = 0; b < kNumBands; ++b)
        {
            const double noise = excitation != 0.0 ? excitation * random.gaussian() : 0.0;
            sum += envelopes[b] * bands[b].process(noise);
            envelopes[b] *= decayPerSample[b];
        }
        out[n] = fade * sum;
    }
    return out;
}

double expectedTailEnergyPerSecond(const DiffuseTailSpec& spec, double t,
                                   const std::array<double, kNumBands>& bandShares)
{
    double energy = 0.0;
    for (std::size_t b = 0; b < kNumBands; ++b)
        energy += bandShares[b] * std::pow(10.0, spec.bandGainDb[b] / 10.0) *
                  std::pow(10.0, -6.0 * t / spec.rt60[b]);
    return spec.energyPerSecond * energy;
}

} // namespace faltung::factory
