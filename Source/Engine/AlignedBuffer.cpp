// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "AlignedBuffer.h"

#include <cstring>
#include <fftw3.h>
#include <new>
#include <utility>

namespace faltung
{

AlignedBuffer::AlignedBuffer(std::size_t numFloats)
{
    if (numFloats == 0)
        return;
    data_ = static_cast<float*>(fftwf_malloc(numFloats * sizeof(float)));
    if (data_ == nullptr)
        throw std::bad_alloc();
    size_ = numFloats;
    clear();
}

AlignedBuffer::~AlignedBuffer()
{
    fftwf_free(data_);
}

AlignedBuffer::AlignedBuffer(AlignedBuffer&& other) noexcept
    : data_(std::exchange(other.data_, nullptr))
    , size_(std::exchange(other.size_, 0))
{
}

AlignedBuffer& AlignedBuffer::operator=(AlignedBuffer&& other) noexcept
{
    if (this != &other)
    {
        fftwf_free(data_);
        data_ = std::exchange(other.data_, nullptr);
        size_ = std::exchange(other.size_, 0);
    }
    return *this;
}

void AlignedBuffer::clear() noexcept
{
    if (data_ != nullptr)
        std::memset(data_, 0, size_ * sizeof(float));
}

} // namespace faltung
