// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// Per engine, B and N:
//   1. wait until the threads of the previous case have gone, count the threads,
//   2. create and prepare N instances (live), count the threads again,
//   3. one audio thread: a warm-up, then the timed periods, every instance's
//      process() in turn each period; meanwhile this thread samples the thread
//      count (the audio thread reads no file),
//   4. destroy the instances after the audio thread has ended.
#include "MultiInstanceBenchmark.h"

#include "AudioThread.h"
#include "Measurement.h"
#include "MultiInstanceReport.h"
#include "TestSignals.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <thread>

namespace faltung::bench
{

namespace
{
constexpr double kSampleRate = 48000.0;
constexpr double kIrSeconds = 3.0;
// As --realtime's callbacks: above zita's workers (50 and below) and Faltung's (the
// lowest SCHED_FIFO priority), as a host's audio thread is.
constexpr int kAudioThreadPriority = 60;
constexpr std::size_t kNoiseLength = 16384; // per channel, played round and round; a multiple of every B
constexpr double kPollSeconds = 0.05;       // how often the thread count is sampled during a run
constexpr double kThreadsSettleSeconds = 2.0;

// The N instances and their inputs: the audio thread's whole work.
class Instances final : public PeriodWork
{
public:
    Instances(const EngineKind& kind, const BenchCase& benchCase, const std::vector<std::vector<float>>& ir,
              int count)
        : blockSize_(static_cast<std::size_t>(benchCase.blockSize))
        , numInputs_(static_cast<std::size_t>(benchCase.numInputs()))
        , noise_(makeInputNoise(count * benchCase.numInputs(), kNoiseLength)) // a stream of its own each
    {
        if (kNoiseLength % blockSize_ != 0)
            throw std::logic_error("the noise must hold a whole number of blocks");
        instances_.reserve(static_cast<std::size_t>(count));
        for (int k = 0; k < count; ++k)
        {
            auto& instance = instances_.emplace_back();
            instance.engine = kind.create();
            instance.engine->prepare(benchCase, ir);
            instance.engine->settle();
            instance.inputs.assign(numInputs_, std::vector<float>(blockSize_, 0.0f));
            instance.outputs.assign(static_cast<std::size_t>(benchCase.numOutputs()),
                                    std::vector<float>(blockSize_, 0.0f));
            for (auto& in : instance.inputs)
                instance.inputPointers.push_back(in.data());
            for (auto& out : instance.outputs)
                instance.outputPointers.push_back(out.data());
        }
    }

    // A host hands each plugin its own buffers: copy this period's noise in, process.
    void runPeriod() noexcept override
    {
        for (std::size_t k = 0; k < instances_.size(); ++k)
        {
            auto& instance = instances_[k];
            for (std::size_t i = 0; i < numInputs_; ++i)
                std::memcpy(instance.inputs[i].data(), noise_[k * numInputs_ + i].data() + position_,
                            sizeof(float) * blockSize_);
            instance.engine->process(instance.inputPointers.data(), instance.outputPointers.data());
        }
        position_ = (position_ + blockSize_) % kNoiseLength;
    }

    void timingBegins() noexcept override { missesBefore_ = engineMisses(); }
    void timingEnds() noexcept override { missesAfter_ = engineMisses(); }
    bool missedSinceTimingBegan() const noexcept override { return engineMisses() > missesBefore_; }

    long timedMisses() const noexcept { return missesAfter_ - missesBefore_; }
    std::string notes() const
    {
        return instances_.empty() ? std::string() : instances_.front().engine->notes();
    }

private:
    struct Instance
    {
        std::unique_ptr<BenchmarkEngine> engine;
        std::vector<std::vector<float>> inputs, outputs;
        std::vector<const float*> inputPointers;
        std::vector<float*> outputPointers;
    };

    long engineMisses() const noexcept
    {
        long misses = 0;
        for (const auto& instance : instances_)
            misses += instance.engine->deadlineMisses();
        return misses;
    }

    std::size_t blockSize_;
    std::size_t numInputs_;
    std::vector<std::vector<float>> noise_; // instance k's input i is stream k * numInputs + i
    std::vector<Instance> instances_;
    std::size_t position_ = 0;
    long missesBefore_ = 0, missesAfter_ = 0;
};

// Worker threads of the previous case's engines may still be ending (zita's are
// detached); wait for them, so that they are not counted against the next case.
void waitForThreadsToEnd(int baseline)
{
    const auto deadline = WallClock::now() + std::chrono::duration<double>(kThreadsSettleSeconds);
    while (threadsInProcess() > baseline && WallClock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
}

struct CaseRunner
{
    const MultiInstanceOptions& options;
    const std::vector<std::vector<float>>& ir;
    int baselineThreads = 0;

    MultiInstanceRow run(const EngineKind& kind, int blockSize, int count, bool search) const
    {
        MultiInstanceRow row;
        row.engine = kind.name;
        row.blockSize = blockSize;
        row.instances = count;
        row.search = search;

        BenchCase c;
        c.sampleRate = kSampleRate;
        c.blockSize = blockSize;
        c.latency = LatencyKind::zero;
        c.layout = Layout::stereo;
        c.irLength = static_cast<int>(ir.front().size());
        c.live = true;

        waitForThreadsToEnd(baselineThreads);
        row.threadsBefore = threadsInProcess();
        try
        {
            const auto start = WallClock::now();
            Instances instances(kind, c, ir, count);
            row.prepareSeconds = secondsBetween(start, WallClock::now());
            row.threadsPrepared = threadsInProcess();

            AudioThreadSettings settings;
            settings.sampleRate = kSampleRate;
            settings.blockSize = blockSize;
            settings.warmUpPeriods = std::lround(options.warmUpSeconds * kSampleRate / blockSize);
            settings.timedPeriods = std::max(1L, std::lround(options.seconds * kSampleRate / blockSize));
            settings.realtimePriority = kAudioThreadPriority;
            settings.stopAtFirstMiss = search;
            settings.missRule = options.missRule;
            int mostThreads = 0;
            const auto result = runOnAudioThread(
                instances, settings, [&] { mostThreads = std::max(mostThreads, threadsInProcess()); },
                kPollSeconds);
            row.threadsRunning = std::max(0, mostThreads - 1); // less the benchmark's audio thread

            const double period = blockSize / kSampleRate;
            row.audioThread = result.scheduling;
            row.audioSeconds = result.audioSeconds;
            row.cpuSeconds = result.cpuSeconds;
            row.stoppedEarly = result.stoppedEarly;
            row.periods = static_cast<long>(result.workSeconds.size());
            row.latePeriods = result.latePeriods;
            row.overrunPeriods = result.overrunPeriods;
            row.overloadedPeriods = result.overloadedPeriods;
            row.worstCpuPeriodShare = 100.0 * result.worstWorkCpuSeconds / period;
            row.skippedPeriods = result.skippedPeriods;
            row.engineMisses = instances.timedMisses();
            row.medianPeriodShare = 100.0 * quantile(result.workSeconds, 0.5) / period;
            row.p99PeriodShare = 100.0 * quantile(result.workSeconds, 0.99) / period;
            row.maxPeriodShare =
                result.workSeconds.empty()
                    ? 0.0
                    : 100.0 * *std::max_element(result.workSeconds.begin(), result.workSeconds.end()) /
                          period;
            row.worstWakeUpMs = 1e3 * result.worstWakeUpSeconds;
            row.notes = instances.notes();
            row.ran = true;
        } // the instances go here, after their audio thread has ended
        catch (const std::exception& e)
        {
            row.failure = e.what();
        }
        return row;
    }
};

bool missFree(const MultiInstanceRow& row, MissRule rule)
{
    if (!row.ran || row.stoppedEarly || row.engineMisses > 0)
        return false;
    return rule == MissRule::everyLatePeriod ? row.latePeriods == 0 && row.skippedPeriods == 0
                                             : row.overloadedPeriods == 0;
}

} // namespace

int runMultiInstanceBenchmark(const MultiInstanceOptions& options,
                              const std::vector<const EngineKind*>& kinds, RunInfo info)
{
    MultiInstanceInfo header;
    info.sampleRate = kSampleRate;
    info.benchmarkThread =
        realtimeSchedulingAllowed(kAudioThreadPriority)
            ? "SCHED_FIFO " + std::to_string(kAudioThreadPriority)
            : std::string("SCHED_OTHER (SCHED_FIFO refused: other processes may preempt it)");
    info.pacing = "one audio thread, woken every period";
    for (const auto* kind : kinds)
        info.engines.emplace_back(kind->name, kind->description);
    header.run = info;
    header.search = options.searchMaxInstances;
    header.missRule = options.missRule;
    header.irSeconds = kIrSeconds;
    header.instanceSeconds = options.seconds;
    header.warmUpSeconds = options.warmUpSeconds;
    header.instanceLimit = kMaxInstanceCount;

    const auto ir =
        makeImpulseResponse(Layout::stereo, static_cast<int>(std::lround(kIrSeconds * kSampleRate)));
    const CaseRunner runner{options, ir, threadsInProcess()};
    const auto supported = [&](const EngineKind& kind, int blockSize)
    {
        BenchCase c;
        c.blockSize = blockSize;
        c.layout = Layout::stereo;
        c.irLength = static_cast<int>(ir.front().size());
        c.live = true;
        return kind.supports(c);
    };

    printMultiInstanceHeader(stdout, header);
    std::vector<MultiInstanceRow> rows;
    std::vector<MaxInstancesResult> results;
    bool allRan = true;
    const auto runOne = [&](const EngineKind& kind, int blockSize, int count,
                            bool search) -> const MultiInstanceRow&
    {
        rows.push_back(runner.run(kind, blockSize, count, search));
        printMultiInstanceRow(stdout, rows.back());
        allRan = allRan && rows.back().ran;
        return rows.back();
    };

    for (const int blockSize : options.blockSizes)
        for (const auto* kind : kinds)
        {
            if (!supported(*kind, blockSize))
                continue;
            if (!options.searchMaxInstances)
            {
                for (const int count : options.instanceCounts)
                    runOne(*kind, blockSize, count, false);
                continue;
            }
            // Double until a miss (or the limit), then bisect between the last N
            // without one and the first with one, to within 1/16 of N: a step of
            // a minute each, and a few percent is within what runs of it vary.
            MaxInstancesResult result;
            result.engine = kind->name;
            result.blockSize = blockSize;
            const auto start = WallClock::now();
            const auto tryCount = [&](int count)
            {
                result.tried.push_back(count);
                return missFree(runOne(*kind, blockSize, count, true), options.missRule);
            };
            // A miss at the first N (--search-from) bisects between 0 and it.
            int good = 0, bad = 0;
            for (int count = options.searchFrom;; count = std::min(2 * count, kMaxInstanceCount))
            {
                if (!tryCount(count))
                {
                    bad = count;
                    break;
                }
                good = count;
                if (count == kMaxInstanceCount)
                {
                    result.atLimit = true;
                    break;
                }
            }
            while (bad - good > std::max(1, good / 16))
            {
                const int middle = good + (bad - good) / 2;
                (tryCount(middle) ? good : bad) = middle;
            }
            result.maxInstances = good;
            result.firstMiss = bad;
            result.wallSeconds = secondsBetween(start, WallClock::now());
            results.push_back(result);
        }
    printMaxInstances(stdout, results);

    int status = allRan ? 0 : 1;
    if (options.writeJson)
    {
        const std::filesystem::path path(options.jsonPath);
        std::error_code ignored;
        if (path.has_parent_path())
            std::filesystem::create_directories(path.parent_path(), ignored);
        if (writeMultiInstanceJson(options.jsonPath, header, rows, results))
            std::printf("\nJSON written to %s\n", options.jsonPath.c_str());
        else
            status = 1;
    }
    return status;
}

} // namespace faltung::bench
