// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include "AlignedBuffer.h"

#include <optional>
#include <vector>

namespace faltung
{

class RealFft;

// An impulse response prepared for the engine: immutable once built, so one
// kernel can be read by any number of engines and threads. Built off the audio
// thread (it runs FFTs over the whole IR).
//
// Each kernel channel is split into up to two parts:
//   - a head, taps [0, headLength), kept in the time domain (reversed) for the
//     direct FIR;
//   - a tail, taps [tailStart, length), cut into partitions of partitionSize taps
//     whose spectra (the FFT's size, at least partitionSize + 1; scaled by 1/FFT
//     size so that the engine's inverse FFT needs no extra pass) are stored
//     partition-major: partition p of a channel is binStride() real parts followed
//     by binStride() imaginary parts, so the multiply-accumulate reads one straight
//     stream.
class Kernel
{
public:
    // channels: equal-length kernel channels. tailStart >= headLength; a tail is
    // built only when tailStart < length; it ends at tailEnd (by default the
    // kernel's end), so that the stages of a multi-stage engine each hold their
    // segment. Partitions are partitionSize taps (by default half the FFT's size);
    // an FFT larger than that lets an engine take in blocks shorter than a partition
    // (see UniformConvolver).
    Kernel(const std::vector<std::vector<float>>& channels, int headLength, int tailStart, const RealFft* fft,
           std::optional<int> tailEnd = std::nullopt, std::optional<int> partitionSize = std::nullopt);

    int numChannels() const noexcept { return static_cast<int>(heads_.size()); }
    int length() const noexcept { return length_; }

    int headLength() const noexcept { return headLength_; }
    const float* headReversed(int channel) const noexcept { return heads_[channel].data(); }

    int tailStart() const noexcept { return tailStart_; }
    int tailEnd() const noexcept { return tailEnd_; }
    int partitionSize() const noexcept { return partitionSize_; }
    int numPartitions() const noexcept { return numPartitions_; }
    int fftSize() const noexcept { return fftSize_; }
    int numBins() const noexcept { return fftSize_ / 2 + 1; }
    int binStride() const noexcept { return binStride_; }
    const float* partition(int channel, int index) const noexcept
    {
        return tails_[channel].data() + static_cast<std::size_t>(index) * 2 * binStride_;
    }

    // Bytes held by the kernel, for memory reports.
    std::size_t memoryBytes() const noexcept;

private:
    int length_ = 0;
    int headLength_ = 0;
    int tailStart_ = 0;
    int tailEnd_ = 0;
    int partitionSize_ = 0;
    int fftSize_ = 0;
    int numPartitions_ = 0;
    int binStride_ = 0;
    std::vector<AlignedBuffer> heads_;
    std::vector<AlignedBuffer> tails_;
};

} // namespace faltung
