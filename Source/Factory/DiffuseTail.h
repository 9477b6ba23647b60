// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include "Filters.h"
#include "Random.h"

#include <array>
#include <vector>

namespace faltung::factory
{

// The late, diffuse part of a reverb: noise in each octave band that decays at that
// band's design RT60. Times are "decay time", which for a room is the time since the
// sound left the source, and may differ from the position in the output by an offset.
struct DiffuseTailSpec
{
    std::array<double, kNumBands> rt60{};       // seconds, per octave band
    std::array<double, kNumBands> bandGainDb{}; // the spectrum at decay time zero; 0 dB everywhere is white
    double energyPerSecond = 1.0;               // at decay time zero, for a white spectrum
    double decayTimeAtFirstSample = 0.0;        // seconds; output sample n is at decay time this + n / rate

    // Echo density grows as echoDensityGrowth * t^2 echoes per second at decay time t
    // (4 pi c^3 / V in a room) until the echoes merge into continuous noise. Zero
    // means continuous from the start.
    double echoDensityGrowth = 0.0;

    // An equal-power fade-in between these decay times (the crossfade from a room's
    // early reflections); none when they are equal.
    double fadeInStart = 0.0;
    double fadeInEnd = 0.0;
};

// One channel of tail. Each band is independent Gaussian noise through its band of
// octaveBandSplit (so the band powers add up to the designed spectrum), and every
// band shares one pattern of echo arrival times, so that while the echoes are still
// sparse each one is broadband, as a reflection is. Channels rendered with different
// generators are uncorrelated.
std::vector<double> renderDiffuseTail(const DiffuseTailSpec& spec, double sampleRate, std::size_t length,
                                      Pcg32& random);

// The tail's expected energy per second at decay time t, before the fade-in, where
// bandShares = whiteNoiseShares(octaveBandSplit(sampleRate), sampleRate).
double expectedTailEnergyPerSecond(const DiffuseTailSpec& spec, double t,
                                   const std::array<double, kNumBands>& bandShares);

} // namespace faltung::factory
