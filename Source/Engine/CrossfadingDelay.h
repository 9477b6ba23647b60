// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include "AlignedBuffer.h"

#include <vector>

namespace faltung
{

// A multichannel delay line whose delay can change while audio plays without a
// click or a pitch sweep: a change crossfades from the old tap to the new one over
// a fixed time. A change that arrives during a crossfade waits for it to finish.
// Used for the predelay and for keeping the dry signal aligned with the wet one.
class CrossfadingDelay
{
public:
    // Not real-time.
    void prepare(int numChannels, int maxDelaySamples, int fadeSamples);

    // Real-time safe. Clamped to [0, maxDelaySamples].
    void setDelay(int samples) noexcept;
    void setDelayImmediately(int samples) noexcept;
    int targetDelay() const noexcept { return pending_; }

    // Delays numSamples of each channel in place.
    void process(float* const* channels, int numSamples) noexcept;

    void reset() noexcept;

private:
    std::vector<AlignedBuffer> lines_;
    int mask_ = 0;
    int write_ = 0;
    int maxDelay_ = 0;
    int fadeSamples_ = 1;
    int from_ = 0;    // delay being faded out
    int to_ = 0;      // delay being faded in (or the steady delay)
    int pending_ = 0; // delay requested
    int fadePos_ = 0; // samples into the fade; fadeSamples_ when steady
};

} // namespace faltung
