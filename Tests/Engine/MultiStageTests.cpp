// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// The multi-stage engine (ScheduledStage) against the double-precision reference
// and the uniform engine; worker threads, deadlines, reset; and silence skipping,
// which must change nothing in the output.
#include "Convolver.h"
#include "Denormals.h"
#include "ReferenceConvolution.h"
#include "TestFiles.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <random>

using namespace faltung;
using namespace faltung::test;

namespace
{
EngineSpec multiStage(int B, LatencyMode mode, StageScheduling scheduling)
{
    EngineSpec spec;
    spec.partitionSize = B;
    spec.latencyMode = mode;
    spec.partitioning = Partitioning::multiStage;
    spec.stageScheduling = scheduling;
    spec.maxBlockSize = 4 * B;
    return spec;
}

// Runs `in` (padded with silence to `total`) through the engine in random calls of
// 1 to maxCall samples; with threaded stages, lets the workers catch up after
// every call unless told not to (the test runs faster than real time).
std::vector<std::vector<float>> run(Convolver& engine, std::vector<std::vector<float>> in, std::size_t total,
                                    unsigned seed, int maxCall, bool catchUp = true)
{
    for (auto& c : in)
        c.resize(total, 0.0f);
    std::vector<std::vector<float>> out(static_cast<std::size_t>(engine.numOutputs()),
                                        std::vector<float>(total));
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> size(1, maxCall);
    std::vector<const float*> ip(in.size());
    std::vector<float*> op(out.size());
    for (std::size_t pos = 0; pos < total;)
    {
        const auto n = std::min<std::size_t>(static_cast<std::size_t>(size(rng)), total - pos);
        for (std::size_t c = 0; c < in.size(); ++c)
            ip[c] = in[c].data() + pos;
        for (std::size_t c = 0; c < out.size(); ++c)
            op[c] = out[c].data() + pos;
        engine.process(ip.data(), op.data(), static_cast<int>(n));
        if (catchUp)
            engine.waitForStages();
        pos += n;
    }
    return out;
}

// The first sample where two outputs differ at all, or -1.
long firstDifference(const std::vector<std::vector<float>>& a, const std::vector<std::vector<float>>& b)
{
    for (std::size_t c = 0; c < a.size(); ++c)
        for (std::size_t i = 0; i < a[c].size(); ++i)
            if (a[c][i] != b[c][i])
                return static_cast<long>(i);
    return -1;
}

const char* modeName(LatencyMode m)
{
    return m == LatencyMode::zero ? "zero latency" : "efficient";
}
} // namespace

TEST_CASE("The multi-stage engine matches the double-precision reference")
{
    ScopedFlushDenormals noDenormals;
    std::mt19937 rng(31);
    double worst = -400.0;
    for (int B : {32, 64, 256, 1024})
        for (auto mode : {LatencyMode::efficient, LatencyMode::zero})
            for (auto scheduling : {StageScheduling::inlineCompute, StageScheduling::workerDropLate})
                for (int irChannels : {1, 4})
                {
                    std::uniform_int_distribution<int> lengths(B * 8, 150000);
                    const int length = lengths(rng);
                    CAPTURE(B, modeName(mode), static_cast<int>(scheduling), irChannels, length);
                    const auto ir = randomSignal(irChannels, length, static_cast<unsigned>(length), 0.1f);
                    const int numIn = irChannels == 4 ? 2 : 1;
                    const auto in = randomSignal(numIn, 3000, 7);
                    Convolver engine;
                    engine.prepare(multiStage(B, mode, scheduling), ir, numIn, 2);
                    CHECK(engine.numStages() >= 1);
                    const int latency = engine.latencySamples();
                    const auto out =
                        run(engine, in, static_cast<std::size_t>(3000 + length + latency), 8, 3 * B);
                    for (int o = 0; o < 2; ++o)
                    {
                        std::vector<double> expected;
                        if (irChannels == 4)
                        {
                            accumulate(expected,
                                       referenceConvolution(in[0], ir[static_cast<std::size_t>(o)]));
                            accumulate(expected,
                                       referenceConvolution(in[1], ir[static_cast<std::size_t>(2 + o)]));
                        }
                        else
                            expected = referenceConvolution(in[0], ir[0]);
                        const double error = errorDb(out[static_cast<std::size_t>(o)], expected, latency);
                        CHECK(error < -100.0);
                        worst = std::max(worst, error);
                    }
                    CHECK(engine.deadlineMisses() == 0);
                }
    WARN("multi-stage, worst error over 32 cases: " << worst << " dB");
}

TEST_CASE("Multi-stage and uniform engines give the same output, a 10 s IR included")
{
    ScopedFlushDenormals noDenormals;
    const auto ir = randomSignal(2, 480000, 41, 0.02f);
    const auto in = randomSignal(2, 20000, 42);
    for (int B : {64, 512})
    {
        CAPTURE(B);
        EngineSpec uniform;
        uniform.partitionSize = B;
        Convolver a, b;
        a.prepare(uniform, ir, 2, 2);
        b.prepare(multiStage(B, LatencyMode::efficient, StageScheduling::workerWait), ir, 2, 2);
        CHECK(b.numStages() >= (B == 64 ? 4 : 2)); // 256, 1024, 4096, 8192; or 2048, 8192
        const std::size_t total = 20000 + 480000 + static_cast<std::size_t>(B);
        const auto x = run(a, in, total, 43, 700);
        const auto y = run(b, in, total, 43, 700);
        for (int c = 0; c < 2; ++c)
        {
            std::vector<double> reference(x[static_cast<std::size_t>(c)].begin(),
                                          x[static_cast<std::size_t>(c)].end());
            CHECK(errorDb(y[static_cast<std::size_t>(c)], reference, 0) < -110.0);
        }
    }
}

TEST_CASE("Silence is skipped without changing a single sample")
{
    ScopedFlushDenormals noDenormals;
    // Bursts of noise between stretches of silence longer than the IR.
    const int length = 20000;
    const auto ir = randomSignal(2, length, 51, 0.1f);
    std::vector<std::vector<float>> in(2, std::vector<float>(200000, 0.0f));
    auto noise = randomSignal(2, 200000, 52);
    for (int start : {0, 61000, 62500, 150000})
        for (int c = 0; c < 2; ++c)
            for (int i = start; i < start + 3000; ++i)
                in[static_cast<std::size_t>(c)][static_cast<std::size_t>(i)] =
                    noise[static_cast<std::size_t>(c)][static_cast<std::size_t>(i)];

    for (auto partitioning : {Partitioning::uniform, Partitioning::multiStage})
        for (auto mode : {LatencyMode::efficient, LatencyMode::zero})
        {
            CAPTURE(partitioning == Partitioning::uniform, modeName(mode));
            EngineSpec spec;
            spec.partitionSize = 128;
            spec.latencyMode = mode;
            spec.partitioning = partitioning;
            spec.stageScheduling = StageScheduling::inlineCompute;
            Convolver skipping, computing;
            skipping.prepare(spec, ir, 2, 2);
            spec.skipSilence = false;
            computing.prepare(spec, ir, 2, 2);
            const auto a = run(skipping, in, in[0].size(), 53, 500);
            const auto b = run(computing, in, in[0].size(), 53, 500);
            CHECK(firstDifference(a, b) == -1);
        }
}

TEST_CASE("A late worker costs a stage block, never a wait")
{
    ScopedFlushDenormals noDenormals;
    // Far faster than real time and never waiting for the workers: blocks are missed,
    // every call returns quickly, and the output stays finite.
    const auto ir = randomSignal(2, 200000, 61, 0.05f);
    Convolver engine;
    engine.prepare(multiStage(64, LatencyMode::efficient, StageScheduling::workerDropLate), ir, 2, 2);
    auto in = randomSignal(2, 64, 62);
    std::vector<float> l(64), r(64);
    const float* ip[] = {in[0].data(), in[1].data()};
    float* op[] = {l.data(), r.data()};
    double slowest = 0.0;
    for (int block = 0; block < 20000; ++block)
    {
        const auto start = std::chrono::steady_clock::now();
        engine.process(ip, op, 64);
        slowest = std::max(slowest,
                           std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        for (float x : l)
            REQUIRE(std::isfinite(x));
    }
    WARN("deadline misses when never waiting: " << engine.deadlineMisses() << ", slowest call "
                                                << slowest * 1e3 << " ms");
    // A stage's work (up to 8192-sample FFTs) never lands on this thread. Instrumented
    // code (sanitizer builds) is 3 to 20 times slower: times mean nothing there.
#ifndef FALTUNG_SANITIZED
    CHECK(slowest < 0.05);
#endif
}

TEST_CASE("reset() forgets the history of every stage")
{
    ScopedFlushDenormals noDenormals;
    const auto ir = randomSignal(1, 60000, 71, 0.1f);
    for (auto scheduling : {StageScheduling::inlineCompute, StageScheduling::workerDropLate})
    {
        CAPTURE(static_cast<int>(scheduling));
        Convolver used, fresh;
        used.prepare(multiStage(128, LatencyMode::zero, scheduling), ir, 1, 1);
        fresh.prepare(multiStage(128, LatencyMode::zero, scheduling), ir, 1, 1);
        run(used, randomSignal(1, 30000, 72), 30011, 73, 300); // leaves a part-filled block behind
        used.reset();
        const auto probe = randomSignal(1, 5000, 74);
        CHECK(firstDifference(run(used, probe, 70000, 75, 300), run(fresh, probe, 70000, 75, 300)) == -1);
    }
}

TEST_CASE("Workers that the caller waits for give the inline output at full speed")
{
    // As the offline renderer and the benchmark run it: no pause between calls, so
    // the audio thread regularly finds a stage block unfinished and must wait.
    ScopedFlushDenormals noDenormals;
    const auto ir = randomSignal(2, 200000, 61, 0.05f);
    const auto in = randomSignal(2, 30000, 62);
    for (auto mode : {LatencyMode::efficient, LatencyMode::zero})
    {
        CAPTURE(modeName(mode));
        Convolver waiting, inlined;
        waiting.prepare(multiStage(64, mode, StageScheduling::workerWait), ir, 2, 2);
        inlined.prepare(multiStage(64, mode, StageScheduling::inlineCompute), ir, 2, 2);
        const std::size_t total = 30000 + 200000 + 64;
        const auto a = run(waiting, in, total, 63, 200, false);
        const auto b = run(inlined, in, total, 63, 200);
        CHECK(firstDifference(a, b) == -1);
        CHECK(waiting.deadlineMisses() == 0);
    }
}

TEST_CASE("Automatic partitioning goes multi-stage from the measured threshold on")
{
    for (int B : {64, 1024})
    {
        CAPTURE(B);
        const int threshold = defaultMultiStageThreshold(B);
        EngineSpec spec;
        spec.partitionSize = B;
        spec.partitioning = Partitioning::automatic;
        Convolver shorter, longer;
        shorter.prepare(spec, randomSignal(1, threshold - 1, 64), 1, 1);
        longer.prepare(spec, randomSignal(1, threshold, 65), 1, 1);
        CHECK(shorter.numStages() == 0);
        CHECK(longer.numStages() > 0);
    }
}
