// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include "Filters.h"

#include <array>
#include <cstdint>
#include <vector>

namespace faltung::factory
{

inline constexpr double kSpeedOfSound = 343.0; // m/s, at 20 degrees C

struct Position
{
    double x = 0.0, y = 0.0, z = 0.0; // metres from one corner of the room
};

// A rectangular room, an omnidirectional source in it and a spaced pair of omni
// microphones, and how its reverberation should decay.
struct RoomDesign
{
    Position size;
    Position source;
    std::array<Position, 2> microphones;
    std::array<double, kNumBands> rt60{};         // design RT60 per octave band, seconds
    std::array<double, kNumBands> sourceGainDb{}; // the source's and microphones' response per band
    double mixingTime = 0.08; // decay time at the middle of the crossfade from reflections to tail
    double scattering = 10.0; // how much faster than the specular reflections the tail's echo density grows
    double preDelay = 0.0025; // where the nearer microphone's direct sound lands in the file, seconds
    double lengthSeconds = 1.0;
};

// The absorption coefficient of the walls per octave band that, with the air's
// absorption, gives the design RT60 by Eyring's formula
//   RT60 = 24 ln(10) V / (c (-S ln(1 - alpha) + 4 m V)).
std::array<double, kNumBands> wallAbsorption(const RoomDesign& room);

// Energy attenuation of air per metre (the m in Eyring's formula) per octave band, at
// 20 degrees C and 50 % relative humidity (ISO 9613-1).
std::array<double, kNumBands> airAttenuationPerMetre();

// The room's impulse response at both microphones, unnormalised (a source that gives
// an amplitude of 1 at 1 m):
//
// - Early part: a shoebox image-source model (Allen and Berkley, 1979). Each image
//   arrives at its exact, fractional delay as a band-limited impulse whose gain per
//   octave band follows the walls' absorption for its reflection count, the air's over
//   its path, and 1/r spreading. The direct sound is the zeroth image.
// - Late part: a diffuse tail decaying at the design RT60 in each band, with the
//   statistical level of a room of this volume (energy 4 pi c / V per second at decay
//   time zero), whose echo density builds up with time. Each microphone gets its own
//   noise, so the two channels' tails are uncorrelated.
//
// The two parts are crossfaded at equal power from mixingTime / 2 to 3 mixingTime / 2,
// and since the walls' absorption is derived from the same RT60s, the reflections
// decay at the rate the tail continues with. seed picks the tail's noise.
std::vector<std::vector<double>> renderRoom(const RoomDesign& room, double sampleRate, std::uint64_t seed);

// The broadband T30 a measurement of the rendered room should give (see
// predictedBroadbandT30): the direct sound plus the statistical decay of every band.
double predictedRoomT30(const RoomDesign& room, double sampleRate);

} // namespace faltung::factory
