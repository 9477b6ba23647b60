// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// What a microphone would record if a sweep file were played through a known
// system: a loudspeaker (optionally distorting, as tanh does), a room (a known IR
// per loudspeaker and microphone), an interface delay, and noise.
#pragma once

#include "Sweep.h"

#include <vector>

namespace faltung::test
{

// x (*) h, by FFT: exact to about -130 dB.
std::vector<float> fftConvolve(const std::vector<float>& x, const std::vector<float>& h);

struct SyntheticSystem
{
    // rooms[speaker][microphone]: one speaker, or two for true stereo.
    std::vector<std::vector<std::vector<float>>> rooms;
    bool distort = false; // tanh at the loudspeaker (its third harmonic: level^2 / 12), band-limited
    int delay = 0;        // samples the interface adds, to everything recorded
    // Noise on every microphone, in dB against the recording's RMS over its sweeps;
    // below -300, none. Gaussian, from `seed`.
    double noiseDb = -400.0;
    unsigned seed = 1;
    bool loopback = false; // a last channel: the sweep file itself, electrically, delayed
};

std::vector<std::vector<float>> recordSweep(const SweepSpec& spec, const SyntheticSystem& system);

} // namespace faltung::test
