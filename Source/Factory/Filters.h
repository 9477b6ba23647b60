// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include "Biquad.h"

#include <array>
#include <cstddef>
#include <vector>

namespace faltung::factory
{

inline constexpr std::size_t kNumBands = 7; // the octave bands of kOctaveBandCentres

// The boundaries between adjacent octave bands (geometric means of their centres),
// where the generators split their signals into bands.
std::array<double, kNumBands - 1> octaveCrossovers();

// Biquads in series.
struct FilterChain
{
    std::vector<Biquad> sections;

    double process(double x) noexcept
    {
        for (auto& s : sections)
            x = s.process(x);
        return x;
    }

    void reset() noexcept
    {
        for (auto& s : sections)
            s.reset();
    }

    double magnitude(double hz, double sampleRate) const noexcept;
    void append(const FilterChain& other);

    // Butterworth low- and high-pass filters of even order (two sections for order 4).
    static FilterChain butterworthLowPass(int order, double hz, double sampleRate);
    static FilterChain butterworthHighPass(int order, double hz, double sampleRate);
};

// Splits a signal into the seven octave bands with 4th-order Butterworth low- and
// high-pass pairs in a tree (band k: high-passes at crossovers 1..k, then a low-pass
// at crossover k+1). Butterworth pairs are power complementary, so for independent
// noise in each band the band powers add up to exactly the input's flat spectrum.
std::array<FilterChain, kNumBands> octaveBandSplit(double sampleRate);

// The share of white noise's power that falls in each band of a filter bank (the
// energy of each band's impulse response). They sum to 1 for octaveBandSplit.
std::array<double, kNumBands> whiteNoiseShares(const std::array<FilterChain, kNumBands>& bands,
                                               double sampleRate);

// Adds gain * (a low-pass windowed sinc with the given cutoff) centred at the
// fractional sample position `position`: a band-limited impulse. The kernel is
// Blackman-windowed, halfLength samples either side, and scaled to unity gain at DC.
// Samples that fall outside `out` are dropped.
void addWindowedSinc(std::vector<double>& out, double position, double gain, double cutoffHz,
                     double sampleRate, int halfLength);

// Adds an impulse at a fractional position whose gain per octave band is
// bandGains[b], smoothly between bands: a sum of windowed-sinc low-passes at the
// octave crossovers (linear phase, so the impulse stays centred on its position)
// that telescopes to a plain band-limited impulse when all gains are equal.
void addOctaveShapedImpulse(std::vector<double>& out, double position,
                            const std::array<double, kNumBands>& bandGains, double sampleRate);

} // namespace faltung::factory
