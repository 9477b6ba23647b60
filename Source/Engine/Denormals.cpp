// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "Denormals.h"

#if defined(__x86_64__) || defined(_M_X64) || defined(__i386__)
#include <xmmintrin.h>
#endif

namespace faltung
{

#if defined(__x86_64__) || defined(_M_X64) || defined(__i386__)
namespace
{
constexpr unsigned kFlushToZero = 0x8000;    // MXCSR FTZ
constexpr unsigned kDenormalsAreZero = 0x40; // MXCSR DAZ
} // namespace

ScopedFlushDenormals::ScopedFlushDenormals() noexcept
    : previous_(_mm_getcsr())
{
    _mm_setcsr(static_cast<unsigned>(previous_) | kFlushToZero | kDenormalsAreZero);
}

ScopedFlushDenormals::~ScopedFlushDenormals()
{
    _mm_setcsr(static_cast<unsigned>(previous_));
}
#elif defined(__aarch64__)
ScopedFlushDenormals::ScopedFlushDenormals() noexcept
{
    unsigned long long fpcr;
    asm volatile("mrs %0, fpcr" : "=r"(fpcr));
    previous_ = fpcr;
    fpcr |= 1ull << 24; // FZ
    asm volatile("msr fpcr, %0" : : "r"(fpcr));
}

ScopedFlushDenormals::~ScopedFlushDenormals()
{
    asm volatile("msr fpcr, %0" : : "r"(previous_));
}
#else
ScopedFlushDenormals::ScopedFlushDenormals() noexcept = default;
ScopedFlushDenormals::~ScopedFlushDenormals() = default;
#endif

} // namespace faltung
