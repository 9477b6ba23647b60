// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// Registers juce::dsp::Convolution from the shared libraries built of
// JucePeer/JuceConvolutionEngine.cpp: one per JUCE build (see CMakeLists.txt).
#include "BenchmarkEngine.h"

namespace
{
using namespace faltung::bench;

bool supportsAll(const BenchCase&)
{
    return true;
}
} // namespace

#if FALTUNG_BENCHMARK_JUCE_FALLBACK
extern "C" faltung::bench::BenchmarkEngine* faltungBenchmarkJuce_fallback();
namespace
{
const bool registeredFallback = registerEngineKind(
    {"juce-fallback",
     "juce::dsp::Convolution (zero latency: Convolution{}; latency B: Latency{B}), JUCE's own FFT, as "
     "JUCE builds on Linux by default",
     supportsAll, [] { return std::unique_ptr<BenchmarkEngine>(faltungBenchmarkJuce_fallback()); }});
}
#endif

#if FALTUNG_BENCHMARK_JUCE_FFTW
extern "C" faltung::bench::BenchmarkEngine* faltungBenchmarkJuce_fftw();
namespace
{
const bool registeredFftw = registerEngineKind(
    {"juce-fftw", "juce::dsp::Convolution as juce-fallback, JUCE built with JUCE_DSP_USE_STATIC_FFTW=1",
     supportsAll, [] { return std::unique_ptr<BenchmarkEngine>(faltungBenchmarkJuce_fftw()); }});
}
#endif
