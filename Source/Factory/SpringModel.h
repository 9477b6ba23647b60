// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include "Filters.h"

#include <array>
#include <vector>

namespace faltung::factory
{

// One spring of a spring reverb tank. A wave travels along the spring, is picked up
// at the far end, reflects and comes back. Springs are strongly dispersive: in the
// audible range higher frequencies travel more slowly, so each return is a chirp, and
// each round trip smears it further. Modelled after Valimaki, Parker and Abel,
// "Parametric spring reverberation effect" (JAES 2010): each transit is a delay and a
// cascade of "stretched" first-order allpass filters (a + z^-K) / (1 + a z^-K), whose
// group delay rises from near nothing at DC to a peak at sampleRate / (2 K); the round
// trip adds a one-pole low-pass loss filter and a gain set for the design RT60 at 1 kHz.
struct SpringDesign
{
    double transitSeconds = 0.019; // plain delay of one transit (dispersion comes on top)
    int stagesPerTransit = 90;
    int stretch = 5; // K
    double allpassCoefficient = 0.65;
    double lossPole = 0.5;     // the loss filter's pole: higher darkens the decay
    double rt60At1k = 2.0;     // seconds
    double highPassHz = 110.0; // the tank's transducers' range
    double lowPassHz = 4600.0;
    double lengthSeconds = 2.6;
};

// The spring's impulse response at the output transducer, unnormalised, starting
// 2 ms before the first (lowest-frequency) arrival.
std::vector<double> renderSpring(const SpringDesign& spring, double sampleRate);

// The RT60 of the spring's loop at frequency hz: 60 dB over the decay per round trip,
// times the round trip's group delay there.
double springRt60(const SpringDesign& spring, double hz, double sampleRate);

// The broadband T30 a measurement of these springs (one per channel) should give (see
// predictedBroadbandT30). At each frequency the loop returns the output filters'
// energy once per round trip, decaying at springRt60.
double predictedSpringT30(const std::vector<SpringDesign>& springs, double sampleRate);

} // namespace faltung::factory
