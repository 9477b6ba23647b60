// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "CrossfadingDelay.h"

#include <algorithm>

namespace faltung
{

void CrossfadingDelay::prepare(int numChannels, int maxDelaySamples, int fadeSamples)
{
    maxDelay_ = std::max(0, maxDelaySamples);
    fadeSamples_ = std::max(1, fadeSamples);
    int size = 1;
    while (size < maxDelay_ + 1)
        size *= 2;
    mask_ = size - 1;
    lines_.clear();
    for (int c = 0; c < numChannels; ++c)
        lines_.emplace_back(static_cast<std::size_t>(size));
    reset();
}

void CrossfadingDelay::reset() noexcept
{
    for (auto& l : lines_)
        l.clear();
    write_ = 0;
    from_ = to_ = pending_;
    fadePos_ = fadeSamples_;
}

void CrossfadingDelay::setDelay(int samples) noexcept
{
    pending_ = std::clamp(samples, 0, maxDelay_);
}

void CrossfadingDelay::setDelayImmediately(int samples) noexcept
{
    pending_ = from_ = to_ = std::clamp(samples, 0, maxDelay_);
    fadePos_ = fadeSamples_;
}

void CrossfadingDelay::process(float* const* channels, int numSamples) noexcept
{
    const int numChannels = static_cast<int>(lines_.size());
    for (int i = 0; i < numSamples; ++i)
    {
        if (fadePos_ >= fadeSamples_ && pending_ != to_)
        {
            from_ = to_;
            to_ = pending_;
            fadePos_ = 0;
        }
        const bool fading = fadePos_ < fadeSamples_;
        const float g = fading ? static_cast<float>(fadePos_) / static_cast<float>(fadeSamples_) : 1.0f;
        for (int c = 0; c < numChannels; ++c)
        {
            float* line = lines_[static_cast<std::size_t>(c)].data();
            line[write_] = channels[c][i];
            const float newTap = line[(write_ - to_) & mask_];
            channels[c][i] = fading ? newTap * g + line[(write_ - from_) & mask_] * (1.0f - g) : newTap;
        }
        if (fading)
            ++fadePos_;
        write_ = (write_ + 1) & mask_;
    }
}

} // namespace faltung
