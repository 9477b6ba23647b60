// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// The multi-stage engine (ScheduledStage) against the double-precision reference
// and the uniform engine; worker threads, deadlines, reset; and silence skipping,
// which must change nothing in the output.
#include "CallTimer.h"
#include "Convolver.h"
#include "Denormals.h"
#include "ReferenceConvolution.h"
#include "ReverbProcessor.h"
#include "StageExecutor.h"
#include "TestFiles.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <optional>
#include <pthread.h>
#include <random>
#include <sched.h>

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
    spec.stageRatio = 4; // more stages than the default: more boundaries to get right
    return spec;
}

// The stream those engines are tested in: calls of up to four partitions.
StreamLayout layoutFor(int B, int numInputs, int numOutputs)
{
    return {48000.0, 4 * B, numInputs, numOutputs};
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

// Keeps the calling thread on one CPU while it lives (where there is that CPU).
class ScopedCpuPin
{
public:
    explicit ScopedCpuPin(int cpu)
    {
        pthread_getaffinity_np(pthread_self(), sizeof saved_, &saved_);
        cpu_set_t one;
        CPU_ZERO(&one);
        CPU_SET(cpu, &one);
        pinned_ = CPU_ISSET(cpu, &saved_) && pthread_setaffinity_np(pthread_self(), sizeof one, &one) == 0;
    }
    ~ScopedCpuPin() { pthread_setaffinity_np(pthread_self(), sizeof saved_, &saved_); }
    ScopedCpuPin(const ScopedCpuPin&) = delete;
    ScopedCpuPin& operator=(const ScopedCpuPin&) = delete;
    bool pinned() const { return pinned_; }

private:
    cpu_set_t saved_{};
    bool pinned_ = false;
};

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
                    engine.prepare(multiStage(B, mode, scheduling), layoutFor(B, numIn, 2), ir);
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
    for (const int ratio : {4, EngineSpec{}.stageRatio})
    for (int B : {64, 512})
    {
        CAPTURE(ratio, B);
        EngineSpec uniform;
        uniform.partitionSize = B;
        Convolver a, b;
        a.prepare(uniform, StreamLayout{48000.0, 4096, 2, 2}, ir);
        auto spec = multiStage(B, LatencyMode::efficient, StageScheduling::workerWait);
        spec.stageRatio = ratio;
        b.prepare(spec, layoutFor(B, 2, 2), ir);
        // Ratio 4: 256, 1024, 4096, 8192; or 2048, 8192. Ratio 16: 1024, 8192; or 8192.
        CHECK(b.numStages() >= (ratio == 4 ? (B == 64 ? 4 : 2) : (B == 64 ? 2 : 1)));
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

    // With workers too: a stage that goes idle and wakes again hands blocks over
    // across the silence (waited for, so that the output is exact).
    for (auto partitioning : {Partitioning::uniform, Partitioning::multiStage})
        for (auto mode : {LatencyMode::efficient, LatencyMode::zero})
            for (auto scheduling : {StageScheduling::inlineCompute, StageScheduling::workerWait})
                for (int fftRatio : {2, 8})
                {
                    CAPTURE(partitioning == Partitioning::uniform, modeName(mode),
                            static_cast<int>(scheduling), fftRatio);
                    EngineSpec spec;
                    spec.partitionSize = 128;
                    spec.fftRatio = fftRatio;
                    spec.latencyMode = mode;
                    spec.partitioning = partitioning;
                    spec.stageScheduling = scheduling;
                    Convolver skipping, computing;
                    skipping.prepare(spec, StreamLayout{48000.0, 4096, 2, 2}, ir);
                    spec.skipSilence = false;
                    spec.stageScheduling = StageScheduling::inlineCompute;
                    computing.prepare(spec, StreamLayout{48000.0, 4096, 2, 2}, ir);
                    const auto a = run(skipping, in, in[0].size(), 53, 500, false);
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
    engine.prepare(multiStage(64, LatencyMode::efficient, StageScheduling::workerDropLate),
                   layoutFor(64, 2, 2), ir);
    auto in = randomSignal(2, 64, 62);
    std::vector<float> l(64), r(64);
    const float* ip[] = {in[0].data(), in[1].data()};
    float* op[] = {l.data(), r.data()};
    CallTimer process;
    for (int block = 0; block < 20000; ++block)
    {
        process.time([&] { engine.process(ip, op, 64); });
        for (float x : l)
            REQUIRE(std::isfinite(x));
    }
    WARN("deadline misses when never waiting: " << engine.deadlineMisses() << ", slowest call "
                                                << process.worstCpuMs() << " ms CPU, "
                                                << process.worstWallMs() << " ms wall");
    // A stage's work (up to 8192-sample FFTs) never lands on this thread: bounded on
    // the thread's CPU time, which a busy machine's preemption does not inflate
    // (CallTimer). Instrumented code (sanitizer builds) is 3 to 20 times slower:
    // times mean nothing there.
#ifndef FALTUNG_SANITIZED
    CHECK(process.worstCpuMs() < 50.0);
#endif
}

TEST_CASE("A worker that fell behind catches up, and the output is exact again one IR later")
{
    ScopedFlushDenormals noDenormals;
    // Partitions of 256 after the first 448 taps: the worker does 13 times the audio
    // thread's work per sample, so unpaced calls leave it far behind (it loses input
    // blocks and skips output that is past use); then paced calls, which it keeps up
    // with. An IR's length after the overload, nothing of it may remain.
    constexpr int kIr = 96000, kOverload = 2000 * 256, kTotal = kOverload + kIr + 8192;
    const auto ir = randomSignal(2, kIr, 91, 0.05f);
    auto spec = multiStage(64, LatencyMode::efficient, StageScheduling::workerDropLate);
    spec.maxStagePartition = 256;
    Convolver late, inlined;
    {
        // The worker on one core, this thread on another: a worker with real-time
        // priority that shared this thread's core would always run first and never
        // be late. An executor's thread takes the CPUs of the thread that starts it.
        ScopedCpuPin onFirst(0);
        late.prepare(spec, layoutFor(spec.partitionSize, 2, 2), ir, std::make_shared<StageExecutor>(1));
    }
    ScopedCpuPin onSecond(1);
    if (!onSecond.pinned())
    {
        WARN("one CPU only: the worker cannot be made late here");
        return;
    }
    spec.stageScheduling = StageScheduling::inlineCompute;
    inlined.prepare(spec, layoutFor(spec.partitionSize, 2, 2), ir);
    REQUIRE(late.numStages() == 1);

    auto in = randomSignal(2, kTotal, 92);
    std::vector<std::vector<float>> a(2, std::vector<float>(kTotal)), b = a;
    for (int pos = 0; pos < kTotal; pos += 64)
    {
        const float* ip[] = {in[0].data() + pos, in[1].data() + pos};
        float* op[] = {a[0].data() + pos, a[1].data() + pos};
        late.process(ip, op, 64);
        if (pos >= kOverload)
            late.waitForStages();
    }
    for (int pos = 0; pos < kTotal; pos += 64)
    {
        const float* ip[] = {in[0].data() + pos, in[1].data() + pos};
        float* op[] = {b[0].data() + pos, b[1].data() + pos};
        inlined.process(ip, op, 64);
    }
    const int missed = late.deadlineMisses();
    WARN("stage blocks missed while overloaded: " << missed << " of " << kOverload / 256);
    CHECK(missed > 100);
    for (auto* out : {&a, &b})
        for (auto& c : *out)
            c.erase(c.begin(), c.begin() + kOverload + kIr + 2 * 256 + late.latencySamples());
    CHECK(firstDifference(a, b) == -1);
}

TEST_CASE("reset() forgets the history of every stage")
{
    ScopedFlushDenormals noDenormals;
    const auto ir = randomSignal(1, 60000, 71, 0.1f);
    for (auto scheduling : {StageScheduling::inlineCompute, StageScheduling::workerDropLate})
    {
        CAPTURE(static_cast<int>(scheduling));
        Convolver used, fresh;
        used.prepare(multiStage(128, LatencyMode::zero, scheduling), layoutFor(128, 1, 1), ir);
        fresh.prepare(multiStage(128, LatencyMode::zero, scheduling), layoutFor(128, 1, 1), ir);
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
        waiting.prepare(multiStage(64, mode, StageScheduling::workerWait), layoutFor(64, 2, 2), ir);
        inlined.prepare(multiStage(64, mode, StageScheduling::inlineCompute), layoutFor(64, 2, 2), ir);
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
        shorter.prepare(spec, StreamLayout{48000.0, 4096, 1, 1}, randomSignal(1, threshold - 1, 64));
        longer.prepare(spec, StreamLayout{48000.0, 4096, 1, 1}, randomSignal(1, threshold, 65));
        CHECK(shorter.numStages() == 0);
        CHECK(longer.numStages() > 0);
    }
}

TEST_CASE("Offline, the signal chain waits for the stages' workers, and live it never does")
{
    ScopedFlushDenormals noDenormals;
    // As in the catching-up case: the worker on another core with 13 times the
    // calling thread's work, the calls unpaced.
    const auto ir = randomSignal(2, 96000, 93, 0.05f);
    const auto in = randomSignal(2, 4800 * 64, 94);
    auto render = [&](StageScheduling built, std::optional<bool> offline, int& misses)
    {
        auto spec = multiStage(64, LatencyMode::efficient, built);
        spec.maxStagePartition = 256;
        auto engine = std::make_unique<ReverbEngine>();
        {
            ScopedCpuPin onFirst(0);
            engine->convolver.prepare(spec, layoutFor(spec.partitionSize, 2, 2), ir);
        }
        const Convolver& convolver = engine->convolver;
        ReverbProcessor chain;
        chain.prepare({48000.0, 64, 2, 2});
        chain.installEngine(std::move(engine));
        chain.setSettingsImmediately(ReverbSettings{}); // fully wet, every control neutral
        if (offline)
            chain.setOffline(*offline);
        ScopedCpuPin onSecond(1);
        std::vector<std::vector<float>> out(2, std::vector<float>(in[0].size()));
        for (std::size_t pos = 0; pos < in[0].size(); pos += 64)
        {
            const float* ip[] = {in[0].data() + pos, in[1].data() + pos};
            float* op[] = {out[0].data() + pos, out[1].data() + pos};
            chain.process(ip, op, 64);
        }
        misses = convolver.deadlineMisses();
        return out;
    };
    {
        ScopedCpuPin probe(1);
        if (!probe.pinned())
        {
            WARN("one CPU only: the worker cannot be made late here");
            return;
        }
    }
    int offlineMisses = 0, liveMisses = 0, inlineMisses = 0;
    const auto offline = render(StageScheduling::workerDropLate, true, offlineMisses);
    const auto live = render(StageScheduling::workerWait, false, liveMisses);
    const auto reference = render(StageScheduling::inlineCompute, true, inlineMisses);
    WARN("stage blocks missed live: " << liveMisses << " of " << in[0].size() / 256);
    CHECK(offlineMisses == 0);
    CHECK(firstDifference(offline, reference) == -1);
    CHECK(liveMisses > 100);
    // A chain never told which leaves the engine as it was built.
    int builtMisses = 0;
    const auto asBuilt = render(StageScheduling::workerWait, std::nullopt, builtMisses);
    CHECK(builtMisses == 0);
    CHECK(firstDifference(asBuilt, reference) == -1);
}
