// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include "IrAnalysis.h"

#include <array>
#include <cmath>
#include <complex>
#include <numbers>
#include <random>
#include <vector>

namespace faltung::test
{

// A synthetic IR whose octave bands (kOctaveBandCentres) each ring with their own
// RT60: per band, 40 decaying sinusoids at random frequencies within spreadOctaves
// around its centre (spread 0.5: a quarter octave either side) and random phases,
// each of amplitude 0.01. Several channels average the scatter of single
// measurements (the beating of the sinusoids bends one channel's decay curve).
inline std::vector<std::vector<float>> decayingOctaveBands(const std::array<double, 7>& rt60,
                                                           double sampleRate, double seconds, int numChannels,
                                                           double spreadOctaves, unsigned seed)
{
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> unit;
    const auto length = static_cast<std::size_t>(seconds * sampleRate);
    std::vector<std::vector<float>> channels;
    for (int channel = 0; channel < numChannels; ++channel)
    {
        std::vector<double> sum(length, 0.0);
        for (std::size_t band = 0; band < rt60.size(); ++band)
        {
            const double decayPerSample = std::pow(10.0, -3.0 / (rt60[band] * sampleRate));
            for (int k = 0; k < 40; ++k)
            {
                const double f = kOctaveBandCentres[band] * std::pow(2.0, spreadOctaves * (unit(rng) - 0.5));
                const std::complex<double> step =
                    std::polar(decayPerSample, 2.0 * std::numbers::pi * f / sampleRate);
                std::complex<double> phasor = std::polar(0.01, 2.0 * std::numbers::pi * unit(rng));
                for (std::size_t n = 0; n < length; ++n)
                {
                    sum[n] += phasor.real();
                    phasor *= step;
                }
            }
        }
        channels.emplace_back(sum.begin(), sum.end());
    }
    return channels;
}

} // namespace faltung::test
