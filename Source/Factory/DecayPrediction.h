// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include <functional>

namespace faltung::factory
{

// The broadband T30 that a measurement of a design should give: Schroeder's backward
// integral of the design's expected energy envelope, with a line fitted from -5 to
// -35 dB as IrAnalysis fits it. When the bands decay at different rates the
// broadband decay is no single exponential, and its T30 depends on how much energy
// each band has as well as on the bands' RT60s; this is the design value a generated
// IR's broadband T30 is checked against.
//
// energyPerSecond(t): the expected energy density t seconds after the onset;
// impulsiveEnergy: energy arriving at the onset itself (a direct sound). The integral
// runs to `until` seconds, which should be long enough for the decay to have fallen
// by far more than 35 dB (IrAnalysis extrapolates the decay past the end of a file).
double predictedBroadbandT30(const std::function<double(double)>& energyPerSecond, double impulsiveEnergy,
                             double until);

} // namespace faltung::factory
