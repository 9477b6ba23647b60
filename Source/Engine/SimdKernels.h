// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

// The audio path's inner loops: the two that dominate Faltung's CPU use (the
// spectral multiply-accumulate and the direct FIR) and three per-sample passes
// (silence check, scaled add, input sanitising). A GCC build for x86-64 Linux
// compiles each for three feature levels (baseline SSE2, x86-64-v3 with AVX2 and
// FMA, x86-64-v4 with AVX-512), and the best one for the running CPU is picked once
// at load time, so shipped binaries need no -march flag; other builds have the
// baseline copy only. All are real-time safe.

namespace faltung::simd
{

// y += x * h for split-complex spectra of numBins bins.
void multiplyAccumulate(const float* xRe, const float* xIm, const float* hRe, const float* hIm, float* yRe,
                        float* yIm, int numBins) noexcept;

// Direct (time-domain) convolution of numSamples outputs:
//   out[i] += sum_{j < numTaps} tapsReversed[j] * window[i + j]
// where window points numTaps - 1 samples before the first new input sample, and
// tapsReversed is the kernel back to front.
void convolveDirect(const float* window, const float* tapsReversed, int numTaps, float* out,
                    int numSamples) noexcept;

// True when every sample is zero (a reverb that hears only silence can skip work).
bool isSilent(const float* x, int numSamples) noexcept;

// out[i] += in[i] * gain
void addScaled(const float* in, float gain, float* out, int numSamples) noexcept;

// Makes a host's input safe to convolve, in place: NaN becomes 0, infinities and
// magnitudes above limit become +-limit, subnormals become 0. Works on the bits,
// so it does the same whatever the floating-point mode. Returns how many samples
// were NaN, infinite or above the limit.
int sanitize(float* x, int numSamples, float limit) noexcept;

// Name of the copy of the loops above that runs: "avx512" (x86-64-v4), "avx2"
// (x86-64-v3) or "baseline". It is picked the way the loops' copies are, so it
// names the code that runs, not what the CPU could run. A build without per-CPU
// copies (clang, other platforms) names the one copy it has: "baseline" unless it
// was compiled with -march for a newer level.
const char* featureLevel() noexcept;

} // namespace faltung::simd
