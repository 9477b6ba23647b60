// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "Kernel.h"

#include "RealFft.h"

#include <algorithm>
#include <stdexcept>

namespace faltung
{

Kernel::Kernel(const std::vector<std::vector<float>>& channels, int headLength, int tailStart,
               const RealFft* fft, std::optional<int> tailEnd, std::optional<int> partitionSize)
{
    if (channels.empty())
        throw std::invalid_argument("Kernel: no channels");
    length_ = static_cast<int>(channels.front().size());
    for (const auto& c : channels)
        if (static_cast<int>(c.size()) != length_)
            throw std::invalid_argument("Kernel: channels differ in length");
    if (headLength < 0 || tailStart < headLength)
        throw std::invalid_argument("Kernel: the tail must start after the head");

    headLength_ = std::min(headLength, length_);
    tailStart_ = tailStart;
    tailEnd_ = std::min(tailEnd.value_or(length_), length_);
    const int tailLength = std::max(0, tailEnd_ - tailStart_);

    for (const auto& c : channels)
    {
        AlignedBuffer head(static_cast<std::size_t>(headLength_));
        std::reverse_copy(c.begin(), c.begin() + headLength_, head.data());
        heads_.push_back(std::move(head));
    }

    if (tailLength == 0)
    {
        tails_.resize(channels.size());
        return;
    }
    if (fft == nullptr)
        throw std::invalid_argument("Kernel: a tail needs an FFT");

    fftSize_ = fft->size();
    partitionSize_ = partitionSize.value_or(fftSize_ / 2);
    if (partitionSize_ < 1 || partitionSize_ >= fftSize_)
        throw std::invalid_argument("Kernel: a partition must be shorter than the FFT");
    numPartitions_ = (tailLength + partitionSize_ - 1) / partitionSize_;
    binStride_ = static_cast<int>(AlignedBuffer::roundUp(static_cast<std::size_t>(numBins())));

    const float scale = 1.0f / static_cast<float>(fft->size());
    AlignedBuffer block(static_cast<std::size_t>(fft->size()));
    for (const auto& c : channels)
    {
        AlignedBuffer spectra(static_cast<std::size_t>(numPartitions_) * 2 * binStride_);
        for (int p = 0; p < numPartitions_; ++p)
        {
            const int first = tailStart_ + p * partitionSize_;
            const int count = std::min(partitionSize_, tailEnd_ - first);
            block.clear();
            for (int i = 0; i < count; ++i)
                block[i] = c[first + i] * scale;
            float* re = spectra.data() + static_cast<std::size_t>(p) * 2 * binStride_;
            fft->forward(block.data(), re, re + binStride_);
        }
        tails_.push_back(std::move(spectra));
    }
}

std::size_t Kernel::memoryBytes() const noexcept
{
    std::size_t floats = 0;
    for (const auto& h : heads_)
        floats += h.size();
    for (const auto& t : tails_)
        floats += t.size();
    return floats * sizeof(float);
}

} // namespace faltung
