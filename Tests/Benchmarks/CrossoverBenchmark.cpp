// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// Measures where the direct FIR stops being cheaper than the partitioned engine,
// for each partition size, and prints the table behind defaultDirectFirCrossover().
//   faltung-crossover [--quick]
#include "Convolver.h"
#include "Denormals.h"
#include "SimdKernels.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <random>
#include <vector>

using namespace faltung;

namespace
{
// Nanoseconds per sample of a mono engine at 48 kHz-like block sizes, best of a few runs.
double nanosecondsPerSample(int irLength, int partitionSize, bool direct, int seconds10ths)
{
    std::mt19937 rng(1);
    std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
    std::vector<float> ir(static_cast<std::size_t>(irLength));
    for (auto& x : ir)
        x = dist(rng);

    EngineSpec spec;
    spec.partitionSize = partitionSize;
    spec.directFirCrossover = direct ? irLength : 0;
    Convolver engine;
    engine.prepare(spec, StreamLayout{48000.0, partitionSize, 1, 1}, {ir});

    std::vector<float> in(static_cast<std::size_t>(partitionSize)), out(in.size());
    for (auto& x : in)
        x = dist(rng);
    const float* i[] = {in.data()};
    float* o[] = {out.data()};

    const int samples = 4800 * seconds10ths;
    double best = 1e30;
    for (int run = 0; run < 5; ++run)
    {
        const auto start = std::chrono::steady_clock::now();
        for (int done = 0; done < samples; done += partitionSize)
            engine.process(i, o, partitionSize);
        const double ns =
            std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count();
        best = std::min(best, ns / samples);
    }
    return best;
}
} // namespace

int main(int argc, char** argv)
{
    const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
    ScopedFlushDenormals noDenormals;
    std::printf("Direct FIR vs one-partition FFT engine, ns per sample (efficient mode, SIMD path: %s)\n",
                simd::featureLevel());
    const int lengths[] = {16, 32, 48, 64, 96, 128, 192, 256, 384, 512};
    std::printf("%8s", "B \\ taps");
    for (int l : lengths)
        std::printf(" %11d", l);
    std::printf("  crossover\n");
    for (int B : {32, 64, 128, 256, 512, 1024, 2048, 4096, 8192})
    {
        std::printf("%8d", B);
        int crossover = 0;
        for (int l : lengths)
        {
            const double fir = nanosecondsPerSample(l, B, true, quick ? 2 : 10);
            const double fft = nanosecondsPerSample(l, B, false, quick ? 2 : 10);
            std::printf(" %5.1f/%5.1f", fir, fft);
            if (fir <= fft)
                crossover = std::max(crossover, l);
        }
        std::printf("  %d\n", crossover);
    }
    std::printf("(each cell: direct FIR / FFT; crossover: the longest IR for which the FIR was cheaper)\n");
    return 0;
}
