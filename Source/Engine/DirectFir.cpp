// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "DirectFir.h"

#include "SimdKernels.h"

#include <algorithm>
#include <cassert>
#include <cstring>

namespace faltung
{

void DirectFir::prepare(int maxTaps, int delay, int maxBlockSize, bool skipSilence)
{
    skipSilence_ = skipSilence;
    delay_ = delay;
    history_ = std::max(0, maxTaps - 1) + delay;
    // Room for two histories and two blocks: the move back to the front then
    // happens at most every history + block samples.
    buffer_ = AlignedBuffer(static_cast<std::size_t>(2 * history_ + 2 * maxBlockSize));
    reset();
}

void DirectFir::reset() noexcept
{
    buffer_.clear();
    writePos_ = history_;
    lastBlock_ = 0;
    trailingZeros_ = history_; // the history starts silent
}

void DirectFir::push(const float* in, int n) noexcept
{
    assert(history_ + n <= static_cast<int>(buffer_.size()));
    if (writePos_ + n > static_cast<int>(buffer_.size()))
    {
        std::memmove(buffer_.data(), buffer_.data() + writePos_ - history_, sizeof(float) * history_);
        writePos_ = history_;
    }
    std::memcpy(buffer_.data() + writePos_, in, sizeof(float) * n);
    writePos_ += n;
    lastBlock_ = n;
    if (simd::isSilent(in, n))
        trailingZeros_ = std::min(trailingZeros_ + n, history_ + static_cast<int>(buffer_.size()));
    else
    {
        int zeros = 0;
        while (zeros < n && in[n - 1 - zeros] == 0.0f)
            ++zeros;
        trailingZeros_ = zeros;
    }
}

void DirectFir::convolveAdd(const float* tapsReversed, int numTaps, float* out) const noexcept
{
    assert(numTaps - 1 + delay_ <= history_);
    if (skipSilence_ && trailingZeros_ >= lastBlock_ + delay_ + numTaps - 1)
        return; // the whole window is silent: adding zero
    const float* window = buffer_.data() + writePos_ - lastBlock_ - delay_ - (numTaps - 1);
    simd::convolveDirect(window, tapsReversed, numTaps, out, lastBlock_);
}

} // namespace faltung
