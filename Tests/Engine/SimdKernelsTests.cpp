// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "SimdKernels.h"

#include <catch2/catch.hpp>

#include <string>

using namespace faltung;

TEST_CASE("featureLevel names the copy of the loops that runs, not what the CPU supports")
{
    const std::string level = simd::featureLevel();
    INFO("featureLevel: " << level);
    REQUIRE((level == "baseline" || level == "avx2" || level == "avx512"));

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
    // GCC builds carry three copies; its resolver takes the newest whole ISA level
    // the CPU has (x86-64-v4 is more than AVX-512F, x86-64-v3 more than AVX2).
    __builtin_cpu_init();
    const std::string dispatched = __builtin_cpu_supports("x86-64-v4")   ? "avx512"
                                   : __builtin_cpu_supports("x86-64-v3") ? "avx2"
                                                                         : "baseline";
    CHECK(level == dispatched);
#elif !defined(__AVX2__)
    // One copy, built for the baseline (clang, as in the sanitizer builds), on any CPU.
    CHECK(level == "baseline");
#endif
}
