// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "InputHistory.h"

#include <algorithm>
#include <bit>

namespace faltung
{

void InputHistory::prepare(int numChannels, int frames, int maxBlockSize)
{
    guard_ = static_cast<std::uint64_t>(std::max(1, maxBlockSize));
    capacity_ = std::bit_ceil(static_cast<std::uint64_t>(std::max(1, frames)) + guard_);
    channels_.clear();
    for (int c = 0; c < numChannels; ++c)
        channels_.push_back(std::make_unique<std::atomic<float>[]>(capacity_)); // zeroed
    written_.store(0, std::memory_order_release);
    silentBefore_.store(0, std::memory_order_release);
}

void InputHistory::write(const float* const* in, int numFrames) noexcept
{
    const std::uint64_t start = written_.load(std::memory_order_relaxed);
    const std::uint64_t mask = capacity_ - 1;
    for (std::size_t c = 0; c < channels_.size(); ++c)
    {
        auto* ring = channels_[c].get();
        for (int i = 0; i < numFrames; ++i)
            ring[(start + static_cast<std::uint64_t>(i)) & mask].store(in[c][i], std::memory_order_relaxed);
    }
    written_.store(start + static_cast<std::uint64_t>(numFrames), std::memory_order_release);
}

void InputHistory::markSilence() noexcept
{
    silentBefore_.store(written_.load(std::memory_order_relaxed), std::memory_order_release);
}

std::uint64_t InputHistory::oldestReadable() const noexcept
{
    const std::uint64_t end = written();
    const std::uint64_t reach = capacity_ - guard_;
    return end > reach ? end - reach : 0;
}

bool InputHistory::read(std::uint64_t from, int count, float* const* out) const noexcept
{
    const std::uint64_t to = from + static_cast<std::uint64_t>(std::max(0, count));
    if (to > written() || from < oldestReadable())
        return false;
    const std::uint64_t silentBefore = silentBefore_.load(std::memory_order_acquire);
    const std::uint64_t mask = capacity_ - 1;
    for (std::size_t c = 0; c < channels_.size(); ++c)
    {
        const auto* ring = channels_[c].get();
        for (std::uint64_t f = from; f < to; ++f)
            out[c][f - from] = f < silentBefore ? 0.0f : ring[f & mask].load(std::memory_order_relaxed);
    }
    // The writer may have lapped the oldest frame copied while we copied.
    std::atomic_thread_fence(std::memory_order_acquire);
    return from >= oldestReadable();
}

} // namespace faltung
