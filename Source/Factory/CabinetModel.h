// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include <cstdint>
#include <vector>

namespace faltung::factory
{

// A 1x12" guitar speaker cabinet, close-miked twice: one microphone on the cone's
// axis near the dust cap, the other a few centimetres off axis and slightly further
// away (a little later, duller, and with the cone's break-up modes in different
// proportions). About 30 ms long: the speaker's band-pass response (about 80 Hz to
// 5 kHz, with the cabinet's low resonance, a mid scoop and presence peaks), the cone's
// break-up modes as short damped resonances between 1.2 and 5 kHz, and a floor
// reflection. Unnormalised; seed picks the break-up modes.
std::vector<std::vector<double>> renderCabinet(double sampleRate, std::uint64_t seed);

} // namespace faltung::factory
