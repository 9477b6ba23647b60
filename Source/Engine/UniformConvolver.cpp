// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "UniformConvolver.h"

#include "Kernel.h"
#include "RealFft.h"
#include "SimdKernels.h"

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
    if (fft.size() != 2 * kernel->partitionSize())
        throw std::invalid_argument("UniformConvolver: FFT size must be twice the partition size");

    kernel_ = std::move(kernel);
    fft_ = &fft;
    paths_ = routing.paths;
    blockSize_ = kernel_->partitionSize();
    numPartitions_ = kernel_->numPartitions();
    binStride_ = kernel_->binStride();

    const auto spectrumFloats = static_cast<std::size_t>(2 * binStride_);
    inputWindows_.clear();
    delayLines_.clear();
    sums_.clear();
    for (int i = 0; i < routing.numInputs; ++i)
    {
        inputWindows_.emplace_back(static_cast<std::size_t>(2 * blockSize_));
        delayLines_.emplace_back(spectrumFloats * numPartitions_);
    }
    for (int o = 0; o < routing.numOutputs; ++o)
        sums_.emplace_back(spectrumFloats);
    timeOut_ = AlignedBuffer(static_cast<std::size_t>(2 * blockSize_));
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
    const int B = blockSize_;
    const int P = numPartitions_;
    const int bins = kernel_->numBins();

    bool silent = true;
    for (std::size_t i = 0; i < inputWindows_.size(); ++i)
        silent = silent && simd::isSilent(in[i], B);
    silentBlocks_ = silent ? std::min(silentBlocks_ + 1, P + 3) : 0;

    // 1. Slide each input window by one block and transform it into a new FDL slot.
    newest_ = newest_ == 0 ? P - 1 : newest_ - 1;

    // The last P + 2 blocks were silent: every window in the FDL (each spans two
    // blocks), the slot about to be reused among them, is silent. The output is zero,
    // and the windows and slots are zero already.
    if (skipSilence_ && silentBlocks_ > P + 1)
    {
        for (std::size_t o = 0; o < sums_.size(); ++o)
            std::memset(out[o], 0, sizeof(float) * static_cast<std::size_t>(B));
        return;
    }

    for (std::size_t i = 0; i < inputWindows_.size(); ++i)
    {
        float* window = inputWindows_[i].data();
        std::memcpy(window, window + B, sizeof(float) * B);
        std::memcpy(window + B, in[i], sizeof(float) * B);
        float* re = slot(static_cast<int>(i), newest_);
        if (skipSilence_ && silent && simd::isSilent(window, B)) // the spectrum of silence is zero
            std::memset(re, 0, sizeof(float) * 2 * static_cast<std::size_t>(binStride_));
        else
            fft_->forward(window, re, re + binStride_);
    }

    // 2. Multiply-accumulate every partition of every path.
    for (auto& s : sums_)
        s.clear();
    for (const auto& path : paths_)
    {
        float* yRe = sums_[path.output].data();
        float* yIm = yRe + binStride_;
        // Partition p meets the spectrum p blocks old, at slot (newest_ + p) mod P:
        // two straight runs, [newest_, P) and then [0, newest_).
        int p = 0;
        for (int s = newest_; s < P; ++s, ++p)
        {
            const float* x = slot(path.input, s);
            const float* h = kernel_->partition(path.kernelChannel, p);
            simd::multiplyAccumulate(x, x + binStride_, h, h + binStride_, yRe, yIm, bins);
        }
        for (int s = 0; s < newest_; ++s, ++p)
        {
            const float* x = slot(path.input, s);
            const float* h = kernel_->partition(path.kernelChannel, p);
            simd::multiplyAccumulate(x, x + binStride_, h, h + binStride_, yRe, yIm, bins);
        }
    }

    // 3. One inverse FFT per output; the second half is the valid part.
    for (std::size_t o = 0; o < sums_.size(); ++o)
    {
        float* re = sums_[o].data();
        fft_->inverse(re, re + binStride_, timeOut_.data());
        std::memcpy(out[o], timeOut_.data() + B, sizeof(float) * B);
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
