// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include <vector>

namespace faltung
{

// Band-limited sample-rate conversion of whole signals with libsoxr at its very
// high quality setting: passband flat to 0.01 dB up to 91 % of the lower Nyquist
// frequency, aliases and images below -170 dB, linear phase, and no added delay
// (output sample 0 is input sample 0). JUCE's interpolators are not used because
// they do not band-limit when downsampling.
//
// The output has round(length * toRate / fromRate) samples, and at least one when the
// input has any. Not real-time.
std::vector<std::vector<float>> resample(const std::vector<std::vector<float>>& channels, double fromRate,
                                         double toRate);

} // namespace faltung
