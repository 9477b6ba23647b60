// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

// The two inner loops that dominate Faltung's CPU use. Each is compiled for
// several x86-64 feature levels (baseline SSE2, AVX2+FMA, AVX-512) and the best one
// for the running CPU is picked once at load time, so shipped binaries need no
// -march flag. All are real-time safe.

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

// Name of the code path picked for this CPU ("avx512", "avx2" or "baseline").
const char* featureLevel() noexcept;

} // namespace faltung::simd
