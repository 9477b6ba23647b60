// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

// The signals every engine is fed, made from fixed seeds so that every engine and
// every run sees the same samples, and the double-precision answer they are
// checked against.

#include "BenchmarkEngine.h"

#include <cstddef>
#include <vector>

namespace faltung::bench
{

// Uniform white noise in [-0.5, 0.5), one independent stream per channel.
std::vector<std::vector<float>> makeInputNoise(int numChannels, std::size_t length);

// A reverb-like IR of `length` taps per channel, as many channels as the layout
// needs: a direct sound (0.8, or 0.4 on the cross paths of true stereo) and a
// Gaussian-noise tail that decays by 60 dB over the IR's length, scaled to unit
// energy. Channel k is the same in every layout, so the mono IR is the stereo
// IR's left channel.
std::vector<std::vector<float>> makeImpulseResponse(Layout layout, int length);

// The exact output of `input` through `ir` (routed as the layout says) over
// output samples [windowStart, windowStart + windowLength), per output; only
// input samples before windowStart + windowLength are used.
std::vector<std::vector<double>> referenceWindow(Layout layout, const std::vector<std::vector<float>>& ir,
                                                 const std::vector<std::vector<float>>& input,
                                                 std::size_t windowStart, std::size_t windowLength);

} // namespace faltung::bench
