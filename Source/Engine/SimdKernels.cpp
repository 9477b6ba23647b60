// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "SimdKernels.h"

#include <cstdint>
#include <cstring>

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
// GCC function multiversioning: one clone per feature level, dispatched by ifunc.
#define FALTUNG_PER_CPU_COPIES 1
#define FALTUNG_MULTIVERSION __attribute__((target_clones("default", "arch=x86-64-v3", "arch=x86-64-v4")))
#else
#define FALTUNG_PER_CPU_COPIES 0
#define FALTUNG_MULTIVERSION
#endif

namespace faltung::simd
{
namespace
{
// Eight floats; on the baseline clone the compiler splits it into two SSE registers.
typedef float Vec8 __attribute__((vector_size(32)));

inline Vec8 load(const float* p) noexcept
{
    Vec8 v;
    std::memcpy(&v, p, sizeof v);
    return v;
}

inline void store(float* p, Vec8 v) noexcept
{
    std::memcpy(p, &v, sizeof v);
}

inline Vec8 broadcast(float x) noexcept
{
    return Vec8{x, x, x, x, x, x, x, x};
}

inline float sum(Vec8 v) noexcept
{
    return ((v[0] + v[4]) + (v[1] + v[5])) + ((v[2] + v[6]) + (v[3] + v[7]));
}

// One output as a dot product, vectorised over the taps with four independent
// accumulators so that it is not bound by the latency of a single chain.
inline float dot(const float* window, const float* taps, int numTaps) noexcept
{
    Vec8 a0 = {}, a1 = {}, a2 = {}, a3 = {};
    int j = 0;
    for (; j + 32 <= numTaps; j += 32)
    {
        a0 += load(taps + j) * load(window + j);
        a1 += load(taps + j + 8) * load(window + j + 8);
        a2 += load(taps + j + 16) * load(window + j + 16);
        a3 += load(taps + j + 24) * load(window + j + 24);
    }
    for (; j + 8 <= numTaps; j += 8)
        a0 += load(taps + j) * load(window + j);
    float result = sum((a0 + a1) + (a2 + a3));
    for (; j < numTaps; ++j)
        result += taps[j] * window[j];
    return result;
}
} // namespace

FALTUNG_MULTIVERSION
void multiplyAccumulate(const float* __restrict xRe, const float* __restrict xIm, const float* __restrict hRe,
                        const float* __restrict hIm, float* __restrict yRe, float* __restrict yIm,
                        int numBins) noexcept
{
    for (int k = 0; k < numBins; ++k)
    {
        yRe[k] += xRe[k] * hRe[k] - xIm[k] * hIm[k];
        yIm[k] += xRe[k] * hIm[k] + xIm[k] * hRe[k];
    }
}

FALTUNG_MULTIVERSION
void convolveDirect(const float* __restrict window, const float* __restrict tapsReversed, int numTaps,
                    float* __restrict out, int numSamples) noexcept
{
    // Taps are summed in runs of kTapRun into fresh accumulators that are then added
    // to the outputs: with thousands of taps this keeps the float rounding error of
    // the sum near that of a pairwise sum instead of growing with the tap count.
    constexpr int kTapRun = 128;
    int i = 0;
    // 32 outputs at a time: each tap is broadcast once and multiplied into four
    // vectors of consecutive outputs.
    for (; i + 32 <= numSamples; i += 32)
    {
        Vec8 a0 = load(out + i), a1 = load(out + i + 8), a2 = load(out + i + 16), a3 = load(out + i + 24);
        const float* w = window + i;
        for (int j0 = 0; j0 < numTaps; j0 += kTapRun)
        {
            Vec8 s0 = {}, s1 = {}, s2 = {}, s3 = {};
            const int j1 = j0 + kTapRun < numTaps ? j0 + kTapRun : numTaps;
            for (int j = j0; j < j1; ++j)
            {
                const Vec8 h = broadcast(tapsReversed[j]);
                s0 += h * load(w + j);
                s1 += h * load(w + j + 8);
                s2 += h * load(w + j + 16);
                s3 += h * load(w + j + 24);
            }
            a0 += s0;
            a1 += s1;
            a2 += s2;
            a3 += s3;
        }
        store(out + i, a0);
        store(out + i + 8, a1);
        store(out + i + 16, a2);
        store(out + i + 24, a3);
    }
    for (; i + 8 <= numSamples; i += 8)
    {
        Vec8 a0 = load(out + i);
        const float* w = window + i;
        for (int j0 = 0; j0 < numTaps; j0 += kTapRun)
        {
            Vec8 s0 = {};
            const int j1 = j0 + kTapRun < numTaps ? j0 + kTapRun : numTaps;
            for (int j = j0; j < j1; ++j)
                s0 += broadcast(tapsReversed[j]) * load(w + j);
            a0 += s0;
        }
        store(out + i, a0);
    }
    for (; i < numSamples; ++i)
        out[i] += dot(window + i, tapsReversed, numTaps);
}

FALTUNG_MULTIVERSION
bool isSilent(const float* __restrict x, int numSamples) noexcept
{
    // Integer OR of the bits without the sign: vectorises, and -0.0f counts as zero.
    std::uint32_t any = 0;
    for (int i = 0; i < numSamples; ++i)
    {
        std::uint32_t bits;
        std::memcpy(&bits, x + i, sizeof bits);
        any |= bits & 0x7fffffffu;
    }
    return any == 0;
}

FALTUNG_MULTIVERSION
void addScaled(const float* __restrict in, float gain, float* __restrict out, int numSamples) noexcept
{
    for (int i = 0; i < numSamples; ++i)
        out[i] += in[i] * gain;
}

FALTUNG_MULTIVERSION
int sanitize(float* __restrict x, int numSamples, float limit) noexcept
{
    constexpr std::uint32_t signBit = 0x80000000u;
    constexpr std::uint32_t smallestNormal = 0x00800000u;
    constexpr std::uint32_t infinity = 0x7f800000u;
    std::uint32_t limitBits;
    std::memcpy(&limitBits, &limit, sizeof limitBits);
    limitBits &= ~signBit;

    int replaced = 0;
    for (int i = 0; i < numSamples; ++i)
    {
        std::uint32_t bits;
        std::memcpy(&bits, x + i, sizeof bits);
        const std::uint32_t magnitude = bits & ~signBit;
        std::uint32_t result = magnitude < smallestNormal ? 0u : bits;
        result = magnitude > limitBits ? (bits & signBit) | limitBits : result;
        result = magnitude > infinity ? 0u : result; // NaN
        replaced += magnitude > limitBits ? 1 : 0;
        std::memcpy(x + i, &result, sizeof result);
    }
    return replaced;
}

#if FALTUNG_PER_CPU_COPIES
namespace
{
// One version per target of FALTUNG_MULTIVERSION (GCC's C++ multiversioning): the
// same resolver that picks the loops' clones picks one of these, so the name is
// that of the copy that runs, not a guess from CPU flags (x86-64-v4 needs more than
// AVX-512F, and a CPU may have AVX2 without the rest of x86-64-v3).
__attribute__((target("default"))) const char* dispatchedCopy() noexcept
{
    return "baseline";
}

__attribute__((target("arch=x86-64-v3"))) const char* dispatchedCopy() noexcept
{
    return "avx2";
}

__attribute__((target("arch=x86-64-v4"))) const char* dispatchedCopy() noexcept
{
    return "avx512";
}
} // namespace
#endif

const char* featureLevel() noexcept
{
#if FALTUNG_PER_CPU_COPIES
    return dispatchedCopy();
#elif defined(__AVX512F__) && defined(__AVX512VL__) && defined(__AVX512BW__) && defined(__AVX512DQ__)
    return "avx512"; // one copy, for the target the compiler was given (-march)
#elif defined(__AVX2__) && defined(__FMA__)
    return "avx2";
#else
    return "baseline";
#endif
}

} // namespace faltung::simd
