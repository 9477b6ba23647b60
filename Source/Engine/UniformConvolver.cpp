// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "UniformConvolver.h"

#include "Kernel.h"
#include "RealFft.h"
#include "SimdKernels.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace faltung
{

void UniformConvolver::prepare(std::shared_ptr<const Kernel> kernel, const Routing& routing,
                               const RealFft& fft, bool skipSilence)
{
    skipSilence_ = skipSilence;
    if (kernel == nullptr || kernel->numPartitions() == 0)
        throw std::invalid_argument("UniformConvolver: the kernel has no tail");
    const int L = kernel->partitionSize();
    const int B = fft.size() - L;
    if (fft.size() != kernel->fftSize() || B < 1 || L % B != 0)
        throw std::invalid_argument("UniformConvolver: the FFT size must be the kernel's, its partition "
                                    "size plus a block size that divides the partition size");

    kernel_ = std::move(kernel);
    fft_ = &fft;
    paths_ = routing.paths;
    blockSize_ = B;
    fftSize_ = fft.size();
    numPartitions_ = kernel_->numPartitions();
    blocksPerPartition_ = L / B;
    numSlots_ = (numPartitions_ - 1) * blocksPerPartition_ + 2;
    binStride_ = kernel_->binStride();

    const auto spectrumFloats = static_cast<std::size_t>(2 * binStride_);
    inputWindows_.clear();
    delayLines_.clear();
    sums_.clear();
    for (int i = 0; i < routing.numInputs; ++i)
    {
        inputWindows_.emplace_back(static_cast<std::size_t>(fftSize_));
        delayLines_.emplace_back(spectrumFloats * numSlots_);
    }
    for (int o = 0; o < routing.numOutputs; ++o)
        sums_.emplace_back(spectrumFloats);
    timeOut_ = AlignedBuffer(static_cast<std::size_t>(fftSize_));
    reset();
}

void UniformConvolver::reset() noexcept
{
    for (auto& b : inputWindows_)
        b.clear();
    for (auto& b : delayLines_)
        b.clear();
    newest_ = 0;
    silentBlocks_ = 0;
}

void UniformConvolver::processBlock(const float* const* in, float* const* out) noexcept
{
    pushBlock(in);
    computeNextBlock(out);
}

void UniformConvolver::pushBlock(const float* const* in) noexcept
{
    const int B = blockSize_;
    const int older = fftSize_ - B; // samples of the window before the new block
    const int R = numSlots_;

    bool silent = true;
    for (std::size_t i = 0; i < inputWindows_.size(); ++i)
        silent = silent && simd::isSilent(in[i], B);
    silentBlocks_ = silent ? std::min(silentBlocks_ + 1, R + blocksPerPartition_ + 2) : 0;

    // Slide each input window by one block and transform it into a new FDL slot.
    newest_ = newest_ == 0 ? R - 1 : newest_ - 1;

    // The last R + m + 1 blocks were silent: every window in the FDL (each spans
    // m + 1 blocks), the slot about to be reused among them, is silent, so the
    // windows and slots are zero already, and every output from them is zero.
    if (outputIsSilent())
        return;

    for (std::size_t i = 0; i < inputWindows_.size(); ++i)
    {
        float* window = inputWindows_[i].data();
        std::memmove(window, window + B, sizeof(float) * older);
        std::memcpy(window + older, in[i], sizeof(float) * B);
        float* re = slot(static_cast<int>(i), newest_);
        if (skipSilence_ && silent && simd::isSilent(window, older)) // the spectrum of silence is zero
            std::memset(re, 0, sizeof(float) * 2 * static_cast<std::size_t>(binStride_));
        else
            fft_->forward(window, re, re + binStride_);
    }
}

void UniformConvolver::computeNextBlock(float* const* out) noexcept
{
    computeOutput(0, nullptr, out);
}

void UniformConvolver::computeNewestBlock(const Kernel& head, float* const* out) noexcept
{
    computeOutput(1, &head, out);
}

void UniformConvolver::computeOutput(int age, const Kernel* head, float* const* out) noexcept
{
    const int B = blockSize_;
    const int P = numPartitions_;
    const int bins = kernel_->numBins();
    if (outputIsSilent())
    {
        for (std::size_t o = 0; o < sums_.size(); ++o)
            std::memset(out[o], 0, sizeof(float) * static_cast<std::size_t>(B));
        return;
    }

    // Multiply-accumulate every partition of every path.
    for (auto& s : sums_)
        s.clear();
    const int R = numSlots_;
    const int m = blocksPerPartition_;
    for (const auto& path : paths_)
    {
        float* yRe = sums_[path.output].data();
        float* yIm = yRe + binStride_;
        if (head != nullptr)
        {
            const float* x = slot(path.input, newest_);
            const float* h = head->partition(path.kernelChannel, 0);
            simd::multiplyAccumulate(x, x + binStride_, h, h + binStride_, yRe, yIm, bins);
        }
        // Partition p meets the spectrum p m + age blocks old, at that many slots
        // after the newest, modulo R.
        int index = (newest_ + age) % R;
        for (int p = 0; p < P; ++p, index += m)
        {
            index = index >= R ? index - R : index;
            const float* x = slot(path.input, index);
            const float* h = kernel_->partition(path.kernelChannel, p);
            simd::multiplyAccumulate(x, x + binStride_, h, h + binStride_, yRe, yIm, bins);
        }
    }

    // One inverse FFT per output; the last B samples are the valid part.
    for (std::size_t o = 0; o < sums_.size(); ++o)
    {
        float* re = sums_[o].data();
        fft_->inverse(re, re + binStride_, timeOut_.data());
        std::memcpy(out[o], timeOut_.data() + (fftSize_ - B), sizeof(float) * B);
    }
}

std::size_t UniformConvolver::memoryBytes() const noexcept
{
    std::size_t floats = timeOut_.size();
    for (const auto& v : {&inputWindows_, &delayLines_, &sums_})
        for (const auto& b : *v)
            floats += b.size();
    return floats * sizeof(float);
}

} // namespace faltung
