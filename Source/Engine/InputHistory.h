// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

namespace faltung
{

// The engines' recent input, kept so that a new engine can be primed with it: fed
// the input the playing engine has heard, it starts in the same state and the
// crossfade between them changes the kernel, not the history. Without it a new
// engine starts from silence: the tail of what was played is missing and the
// reverb's onset is heard again at every swap.
//
// One writer (the audio thread) appends; one reader at a time (the loader)
// copies frames out and learns whether the writer overwrote them meanwhile (a
// sequence check on the frame count, as a seqlock does). Frames are relaxed
// atomics, so the reader's copy is never a data race, only possibly stale, and
// then it says so.
class InputHistory
{
public:
    // Not real-time. Holds at least `frames` frames of each channel; the writer
    // appends at most maxBlockSize frames per call.
    void prepare(int numChannels, int frames, int maxBlockSize);

    // Audio thread.
    void write(const float* const* in, int numFrames) noexcept;
    // Audio thread: what came before now is silence (the engines were reset).
    void markSilence() noexcept;

    // Frames written since prepare(). Any thread.
    std::uint64_t written() const noexcept { return written_.load(std::memory_order_acquire); }
    // The frame the last markSilence() was at.
    std::uint64_t silentBefore() const noexcept { return silentBefore_.load(std::memory_order_acquire); }
    // The oldest frame a reader can still copy now.
    std::uint64_t oldestReadable() const noexcept;

    // Copies frames [from, from + count) of every channel to out (frames before the
    // last markSilence() read as 0). False when some were not written yet or were
    // overwritten before the copy finished. Any one thread at a time; the writer
    // itself always succeeds for frames it has written and not overwritten.
    bool read(std::uint64_t from, int count, float* const* out) const noexcept;

    int numChannels() const noexcept { return static_cast<int>(channels_.size()); }

private:
    std::vector<std::unique_ptr<std::atomic<float>[]>> channels_;
    std::uint64_t capacity_ = 0; // a power of two
    std::uint64_t guard_ = 0;    // frames the writer may be writing beyond written()
    std::atomic<std::uint64_t> written_{0};
    std::atomic<std::uint64_t> silentBefore_{0};
};

} // namespace faltung
