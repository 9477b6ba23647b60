// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include "AlignedBuffer.h"

namespace faltung
{

// Time-domain convolution for one input channel: short kernels, and the first
// partition of a kernel in zero-latency mode.
//
// The channel's recent input is kept contiguous in one linear buffer, so every
// output is a dot product over consecutive samples. When the buffer fills, the
// history still needed is moved back to the front; the buffer is large enough that
// this happens at most once per call and costs a small fraction of the FIR work.
//
// An optional delay shifts the output later by whole samples at no cost: the
// window just starts further back. When every sample in the window is zero the
// output is zero, and nothing is computed.
class DirectFir
{
public:
    // Not real-time. maxTaps: the longest kernel to be applied; delay: output delay
    // in samples; maxBlockSize: the most samples pushed at once.
    void prepare(int maxTaps, int delay, int maxBlockSize, bool skipSilence = true);

    // Appends n <= maxBlockSize new input samples.
    void push(const float* in, int n) noexcept;

    // out[i] += (kernel * input)[t_i - delay] for the samples t_i of the last push,
    // where the kernel is given back to front with numTaps <= maxTaps.
    void convolveAdd(const float* tapsReversed, int numTaps, float* out) const noexcept;

    void reset() noexcept;

    std::size_t memoryBytes() const noexcept { return buffer_.size() * sizeof(float); }

private:
    AlignedBuffer buffer_;
    int history_ = 0; // samples kept before the newest block: maxTaps - 1 + delay
    int delay_ = 0;
    int writePos_ = 0; // index of the next sample to write
    int lastBlock_ = 0;
    int trailingZeros_ = 0; // silent samples at the end of the input, capped
    bool skipSilence_ = true;
};

} // namespace faltung
