// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include <cstddef>

namespace faltung
{

// A zero-initialised float array allocated with fftwf_malloc, so that it meets
// FFTW's SIMD alignment. Every buffer that an FFT plan touches must be one of
// these (or an offset into one by a multiple of kFloatsPerAlignment), because
// FFTW's new-array execute requires the alignment the plan was made with.
class AlignedBuffer
{
public:
    static constexpr std::size_t kFloatsPerAlignment = 16; // 64 bytes

    AlignedBuffer() = default;
    explicit AlignedBuffer(std::size_t numFloats);
    ~AlignedBuffer();

    AlignedBuffer(AlignedBuffer&& other) noexcept;
    AlignedBuffer& operator=(AlignedBuffer&& other) noexcept;
    AlignedBuffer(const AlignedBuffer&) = delete;
    AlignedBuffer& operator=(const AlignedBuffer&) = delete;

    float* data() noexcept { return data_; }
    const float* data() const noexcept { return data_; }
    std::size_t size() const noexcept { return size_; }
    bool empty() const noexcept { return size_ == 0; }

    float& operator[](std::size_t i) noexcept { return data_[i]; }
    const float& operator[](std::size_t i) const noexcept { return data_[i]; }

    void clear() noexcept;

    // Rounds a float count up to the next multiple of the alignment.
    static constexpr std::size_t roundUp(std::size_t numFloats) noexcept
    {
        return (numFloats + kFloatsPerAlignment - 1) / kFloatsPerAlignment * kFloatsPerAlignment;
    }

private:
    float* data_ = nullptr;
    std::size_t size_ = 0;
};

} // namespace faltung
