// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include "ImpulseResponse.h"

#include <functional>
#include <vector>

namespace faltung
{

// Damping: how long the low, mid and high frequencies ring, each as a share of
// their own reverberation time. 1 everywhere leaves the IR as it is.
struct DampingSettings
{
    double low = 1.0;  // 0.25 .. 2: below the low crossover
    double mid = 1.0;  // between the crossovers
    double high = 1.0; // above the high crossover
    double lowCrossoverHz = 250.0;
    double highCrossoverHz = 4000.0;

    bool isNeutral() const noexcept { return low == 1.0 && mid == 1.0 && high == 1.0; }
    bool operator==(const DampingSettings&) const = default;
};

// The factor at a frequency: low, mid or high, and across each crossover a blend
// (geometric, weighted by the crossover's 1 / (1 + (f / fc)^8) sides).
double dampingFactorAt(const DampingSettings& damping, double frequencyHz);

// Octave bands for damping, centred on 1 kHz * 2^k, from 31.25 Hz up to the last
// centre below Nyquist; the first takes everything below it and the last
// everything above. Each band edge (at centre * sqrt 2) splits with zero-phase
// sides 1 / (1 + (f / edge)^32) and 1 minus that (192 dB per octave), so the bands'
// responses sum to 1 at every frequency and the bands add back to the input, to
// float rounding (the last is what the others leave).
// Calls `use` with each band in turn, low to high (the band may be changed: it is
// the caller's to keep); holds one band at a time.
void forEachOctaveBand(
    const std::vector<std::vector<float>>& channels, double sampleRate,
    const std::function<void(double centreHz, std::vector<std::vector<float>>& band)>& use);
// All the bands at once.
struct OctaveSplit
{
    std::vector<double> centresHz;
    std::vector<std::vector<std::vector<float>>> bands; // [band][channel][sample]
};
OctaveSplit splitIntoOctaves(const std::vector<std::vector<float>>& channels, double sampleRate);

// Splits the IR into octave bands and gives each an envelope from its onset that
// turns the band's own measured RT60 into factor * RT60 (exponential: L dB of
// decay becomes L / factor), the factor taken at the band's centre. One envelope
// per octave, not per damping band, so that an octave ringing longer or shorter
// than its neighbours keeps its own ratio. From 15 dB of decay before the point
// where a band's decay meets its noise floor (Lundeby), everything falls at the
// new rate, the noise too: a longer decay does not lift the noise into a plateau.
// A band whose RT60 cannot be measured uses the IR's length. Not real-time.
void applyDamping(ImpulseResponse& ir, const DampingSettings& damping);

} // namespace faltung
