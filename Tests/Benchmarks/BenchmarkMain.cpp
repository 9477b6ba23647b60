// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// faltung-benchmark: Faltung's engine against juce::dsp::Convolution and
// zita-convolver, all in one process and one run, on the same seeded input and
// IRs. Prints a table and writes JSON; it never passes or fails on speed. The exit
// status is 1 only when an engine failed or its output did not match the
// double-precision reference (so that a smoke test means something), 2 on usage
// errors. Run with --help for the options.
//
// Per case (IR length, layout, latency mode, block size B) and engine:
//   1. prepare once and throw away (FFTW wisdom and caches warm for everyone),
//   2. prepare, timed, with the heap measured before and after,
//   3. an impulse: the latency seen against the latency reported,
//   4. noise for the IR's length and a window past it, compared with the
//      reference (every tap contributes to the window); this also fills the
//      engine's history, so the timed runs see a steady state,
//   5. timed runs on noise, round robin between the engines, median,
//   6. silence for longer than the IR, then timed runs on silence the same way.
//
// --instances and --max-instances run another benchmark instead: many instances
// on one audio thread in real time (MultiInstanceBenchmark.h).
#include "BenchmarkEngine.h"
#include "Measurement.h"
#include "MultiInstanceBenchmark.h"
#include "Report.h"
#include "TestSignals.h"

#include "Denormals.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <pthread.h>
#include <sched.h>

using namespace faltung::bench;

namespace
{

constexpr double kSampleRate = 48000.0;
constexpr int kWindowLength = 4096;             // output samples compared with the reference, per output
constexpr double kIdleWarmUpCpuLimit = 2.0;     // CPU seconds of silence at most before the idle runs
constexpr double kMaxAudioPerRepetition = 60.0; // seconds
constexpr int kMinBlocksPerRepetition = 16;
constexpr double kWorstAcceptableErrorDb = -60.0; // worse: the engine did not convolve this IR

struct Options
{
    std::vector<double> irSeconds{0.05, 0.5, 3.0, 10.0};
    std::vector<Layout> layouts{Layout::mono, Layout::stereo, Layout::trueStereo};
    std::vector<int> blockSizes{32, 64, 128, 256, 512, 1024};
    std::vector<LatencyKind> latencies{LatencyKind::zero, LatencyKind::block};
    std::vector<std::string> engines; // selection tokens; empty: all
    bool irGiven = false, layoutsGiven = false, blocksGiven = false, latenciesGiven = false;
    int repetitions = 5;
    double cpuSecondsPerRepetition = 0.1;
    bool quick = false;
    bool listEngines = false;
    bool realtime = false;
    double pacedSeconds = 0.0; // > 0: timed runs paced in real time, this much audio each
    std::string jsonPath = std::string(FALTUNG_BENCHMARK_RESULTS_DIR) + "/latest.json";
    bool jsonGiven = false;
    bool writeJson = true;

    // --instances, --max-instances: the multi-instance benchmark.
    bool multiInstance = false;
    MultiInstanceOptions instances;
    bool instanceCountsGiven = false, instanceSecondsGiven = false, searchFromGiven = false,
         missesGiven = false;
    std::string singleInstanceOption; // one given that only the single-instance cases use
};

struct UsageError : std::runtime_error
{
    using std::runtime_error::runtime_error;
};

void printUsage()
{
    std::printf(
        "faltung-benchmark [options]\n"
        "  --quick              a CI-sized run: stereo 3 s IR at B = 128 and 512, mono 0.05 s IR at B = "
        "128,\n"
        "                       both latency modes, 3 repetitions (other selections narrow it further)\n"
        "  --ir LIST            IR lengths in seconds (default 0.05,0.5,3,10)\n"
        "  --channels LIST      mono, stereo, true-stereo (default all)\n"
        "  --blocks LIST        block sizes B (default 32,64,128,256,512,1024)\n"
        "  --modes LIST         zero (no latency), block (latency of about B) (default both)\n"
        "  --engines LIST       engine names, or families such as faltung, juce, zita (default all)\n"
        "  --reps N             repetitions per engine and case (default 5)\n"
        "  --cpu-per-rep S      CPU seconds per repetition, roughly (default 0.1)\n"
        "  --json PATH          where to write the JSON (default %s/latest.json)\n"
        "  --no-json            write no JSON\n"
        "  --realtime           with --paced: run the callbacks with SCHED_FIFO priority 60, as an audio\n"
        "                       thread runs, so that other processes do not preempt them (p99 and max)\n"
        "  --paced S            pace the timed callbacks in real time, S seconds of audio per repetition\n"
        "                       (slow: wall time; engines with worker threads then run as they would live)\n"
        "  --list-engines       list the engines and exit\n"
        "\n"
        "Many instances on one audio thread, in real time (stereo 3 s IR, zero latency, live):\n"
        "  --instances LIST     numbers of instances N, e.g. 1,4,16,64: per engine, B and N, the CPU of the\n"
        "                       whole process, threads gained, deadline misses and the audio thread's time\n"
        "  --max-instances      per engine and B, the largest N with no deadline miss (doubling, then\n"
        "                       bisecting; long: up to about 20 steps of --instance-seconds each)\n"
        "  --search-from N      with --max-instances: start doubling at N instead of 1\n"
        "  --misses RULE        with --max-instances, what stops a step: all (every late period, as a host\n"
        "                       hears it; default) or engines (only what the engines cause: their own\n"
        "                       misses and periods whose work took more CPU time than the period, not\n"
        "                       the machine's late wake-ups, which on a virtual machine stop any N)\n"
        "  --instance-seconds S audio timed per case (default 10; 60 with --max-instances; 1 with --quick)\n"
        "  (with these, --blocks defaults to 64,128,256, --engines to faltung-multi,zita-vector, run live,\n"
        "   and --json to %s/multi-instance.json)\n",
        FALTUNG_BENCHMARK_RESULTS_DIR, FALTUNG_BENCHMARK_RESULTS_DIR);
}

std::vector<std::string> splitList(const std::string& text)
{
    std::vector<std::string> items;
    std::stringstream stream(text);
    std::string item;
    while (std::getline(stream, item, ','))
        if (!item.empty())
            items.push_back(item);
    if (items.empty())
        throw UsageError("empty list: '" + text + "'");
    return items;
}

double parseNumber(const std::string& text)
{
    std::size_t used = 0;
    double value = 0.0;
    try
    {
        value = std::stod(text, &used);
    }
    catch (const std::exception&)
    {
        used = 0;
    }
    if (used != text.size() || !std::isfinite(value))
        throw UsageError("not a number: '" + text + "'");
    return value;
}

Options parseOptions(int argc, char** argv)
{
    Options options;
    for (int i = 1; i < argc; ++i)
    {
        const std::string arg = argv[i];
        const auto value = [&]() -> std::string
        {
            if (i + 1 >= argc)
                throw UsageError(arg + " needs a value");
            return argv[++i];
        };
        if (arg == "--help" || arg == "-h")
        {
            printUsage();
            std::exit(0);
        }
        else if (arg == "--quick")
            options.quick = true;
        else if (arg == "--instances")
        {
            options.multiInstance = true;
            options.instanceCountsGiven = true;
            options.instances.instanceCounts.clear();
            for (const auto& item : splitList(value()))
            {
                const double n = parseNumber(item);
                if (n < 1 || n > kMaxInstanceCount || n != std::floor(n))
                    throw UsageError("--instances needs whole numbers from 1 to " +
                                     std::to_string(kMaxInstanceCount));
                options.instances.instanceCounts.push_back(static_cast<int>(n));
            }
        }
        else if (arg == "--max-instances")
        {
            options.multiInstance = true;
            options.instances.searchMaxInstances = true;
        }
        else if (arg == "--search-from")
        {
            const double n = parseNumber(value());
            if (n < 1 || n > kMaxInstanceCount || n != std::floor(n))
                throw UsageError("--search-from needs a whole number from 1 to " +
                                 std::to_string(kMaxInstanceCount));
            options.instances.searchFrom = static_cast<int>(n);
            options.searchFromGiven = true;
        }
        else if (arg == "--misses")
        {
            const std::string rule = value();
            if (rule == "all")
                options.instances.missRule = MissRule::everyLatePeriod;
            else if (rule == "engines")
                options.instances.missRule = MissRule::overloadedPeriods;
            else
                throw UsageError("--misses needs all or engines");
            options.missesGiven = true;
        }
        else if (arg == "--instance-seconds")
        {
            options.instances.seconds = parseNumber(value());
            if (options.instances.seconds <= 0.0 || options.instances.seconds > 600.0)
                throw UsageError("--instance-seconds needs seconds above 0 and at most 600");
            options.instanceSecondsGiven = true;
        }
        else if (arg == "--list-engines")
            options.listEngines = true;
        else if (arg == "--paced")
        {
            options.singleInstanceOption = arg;
            options.pacedSeconds = parseNumber(value());
            if (options.pacedSeconds <= 0.0 || options.pacedSeconds > 60.0)
                throw UsageError("--paced needs seconds of audio per repetition, above 0 and at most 60");
        }
        else if (arg == "--realtime")
        {
            options.realtime = true;
            options.singleInstanceOption = arg;
        }
        else if (arg == "--no-json")
            options.writeJson = false;
        else if (arg == "--json")
        {
            options.jsonPath = value();
            options.jsonGiven = true;
        }
        else if (arg == "--engines")
            options.engines = splitList(value());
        else if (arg == "--reps")
        {
            options.singleInstanceOption = arg;
            const double n = parseNumber(value());
            if (n < 1 || n != std::floor(n))
                throw UsageError("--reps needs a whole number of at least 1");
            options.repetitions = static_cast<int>(n);
        }
        else if (arg == "--cpu-per-rep")
        {
            options.singleInstanceOption = arg;
            options.cpuSecondsPerRepetition = parseNumber(value());
            if (options.cpuSecondsPerRepetition <= 0.0)
                throw UsageError("--cpu-per-rep needs a positive number of seconds");
        }
        else if (arg == "--ir")
        {
            options.irSeconds.clear();
            for (const auto& item : splitList(value()))
            {
                const double seconds = parseNumber(item);
                if (seconds <= 0.0 || seconds > 60.0)
                    throw UsageError("IR lengths must be above 0 and at most 60 seconds");
                options.irSeconds.push_back(seconds);
            }
            options.irGiven = true;
            options.singleInstanceOption = arg;
        }
        else if (arg == "--channels")
        {
            options.layouts.clear();
            for (const auto& item : splitList(value()))
            {
                if (item == "mono")
                    options.layouts.push_back(Layout::mono);
                else if (item == "stereo")
                    options.layouts.push_back(Layout::stereo);
                else if (item == "true-stereo" || item == "truestereo")
                    options.layouts.push_back(Layout::trueStereo);
                else
                    throw UsageError("unknown channel layout '" + item + "' (mono, stereo, true-stereo)");
            }
            options.layoutsGiven = true;
            options.singleInstanceOption = arg;
        }
        else if (arg == "--blocks")
        {
            options.blockSizes.clear();
            for (const auto& item : splitList(value()))
            {
                const double b = parseNumber(item);
                const int B = static_cast<int>(b);
                if (b != B || B < 32 || B > 8192 || (B & (B - 1)) != 0)
                    throw UsageError("block sizes must be powers of two from 32 to 8192");
                options.blockSizes.push_back(B);
            }
            options.blocksGiven = true;
        }
        else if (arg == "--modes")
        {
            options.latencies.clear();
            for (const auto& item : splitList(value()))
            {
                if (item == "zero")
                    options.latencies.push_back(LatencyKind::zero);
                else if (item == "block" || item == "efficient" || item == "latency")
                    options.latencies.push_back(LatencyKind::block);
                else
                    throw UsageError("unknown latency mode '" + item + "' (zero, block)");
            }
            options.latenciesGiven = true;
            options.singleInstanceOption = arg;
        }
        else
            throw UsageError("unknown option '" + arg + "' (see --help)");
    }
    if (options.instanceSecondsGiven && !options.multiInstance)
        throw UsageError("--instance-seconds goes with --instances or --max-instances");
    if (options.searchFromGiven && !options.instances.searchMaxInstances)
        throw UsageError("--search-from goes with --max-instances");
    if (options.missesGiven && !options.instances.searchMaxInstances)
        throw UsageError("--misses goes with --max-instances");
    if (options.multiInstance)
    {
        auto& instances = options.instances;
        if (!options.singleInstanceOption.empty())
            throw UsageError(
                options.singleInstanceOption +
                " does not apply to --instances or --max-instances (stereo 3 s IR, zero latency, "
                "an audio thread in real time, SCHED_FIFO when allowed)");
        if (options.listEngines)
            throw UsageError("--list-engines goes alone");
        if (options.instanceCountsGiven && instances.searchMaxInstances)
            throw UsageError("--instances and --max-instances go apart");
        if (options.blocksGiven)
            instances.blockSizes = options.blockSizes;
        if (!options.instanceSecondsGiven)
            instances.seconds = options.quick ? 1.0 : instances.searchMaxInstances ? 60.0 : 10.0;
        if (options.quick)
            instances.warmUpSeconds = 0.25;
        instances.jsonPath = options.jsonGiven
                                 ? options.jsonPath
                                 : std::string(FALTUNG_BENCHMARK_RESULTS_DIR) + "/multi-instance.json";
        instances.writeJson = options.writeJson;
    }
    if (options.quick)
    {
        if (options.repetitions == 5)
            options.repetitions = 3;
        if (options.cpuSecondsPerRepetition == 0.1)
            options.cpuSecondsPerRepetition = 0.04;
    }
    return options;
}

// Opt-in kinds (variants kept for tuning) run only when named in full.
bool engineSelected(const EngineKind& kind, const std::vector<std::string>& tokens)
{
    if (tokens.empty())
        return !kind.optIn;
    for (const auto& token : tokens)
        if (kind.name == token || (!kind.optIn && kind.name.rfind(token + "-", 0) == 0))
            return true;
    return false;
}

struct CaseSpec
{
    double irSeconds;
    Layout layout;
    LatencyKind latency;
    int blockSize;
};

template <typename T>
bool contains(const std::vector<T>& values, const T& value)
{
    return std::find(values.begin(), values.end(), value) != values.end();
}

// Grouped by IR and layout, so that each IR and its reference are made once.
std::vector<CaseSpec> selectCases(const Options& options)
{
    std::vector<CaseSpec> cases;
    if (options.quick)
    {
        const CaseSpec quickCases[] = {
            {3.0, Layout::stereo, LatencyKind::zero, 128},  {3.0, Layout::stereo, LatencyKind::zero, 512},
            {3.0, Layout::stereo, LatencyKind::block, 128}, {3.0, Layout::stereo, LatencyKind::block, 512},
            {0.05, Layout::mono, LatencyKind::zero, 128},   {0.05, Layout::mono, LatencyKind::block, 128},
        };
        for (const auto& c : quickCases)
            if ((!options.irGiven || contains(options.irSeconds, c.irSeconds)) &&
                (!options.layoutsGiven || contains(options.layouts, c.layout)) &&
                (!options.latenciesGiven || contains(options.latencies, c.latency)) &&
                (!options.blocksGiven || contains(options.blockSizes, c.blockSize)))
                cases.push_back(c);
        return cases;
    }
    for (double seconds : options.irSeconds)
        for (Layout layout : options.layouts)
            for (LatencyKind latency : options.latencies)
                for (int B : options.blockSizes)
                    cases.push_back({seconds, layout, latency, B});
    return cases;
}

int irLengthFor(double seconds)
{
    return std::max(1, static_cast<int>(std::lround(seconds * kSampleRate)));
}

// The input every engine hears: long enough for the longest reference pass, a
// whole number of the largest block so that streaming it round and round never
// splits a block.
struct InputSignal
{
    std::vector<std::vector<float>> noise; // 2 channels
    std::vector<float> silence;
    std::size_t length = 0;
};

// One engine's state through one case.
struct EngineRun
{
    const EngineKind* kind = nullptr;
    std::unique_ptr<BenchmarkEngine> engine;
    RowResult row;
    std::vector<std::vector<float>> outputs;
    std::vector<float*> outputPointers;
    std::vector<const float*> inputPointers;
    std::size_t streamPosition = 0; // where in the input noise the engine is
    long blocksPerRepetition = 0;
    long idleBlocksPerRepetition = 0;
    std::vector<double> blockSeconds;
};

void fail(EngineRun& run, const std::string& why)
{
    run.row.ran = false;
    run.row.failure = why;
    run.engine.reset();
}

long blocksFor(double cpuSeconds, double realtimeFactor, int blockSize)
{
    const double blocksPerSecond = kSampleRate / blockSize;
    const double wanted = cpuSeconds * realtimeFactor * blocksPerSecond;
    const double most = kMaxAudioPerRepetition * blocksPerSecond;
    if (!std::isfinite(wanted) || wanted > most)
        return static_cast<long>(most);
    return std::max<long>(kMinBlocksPerRepetition, std::lround(wanted));
}

// Audio seconds per CPU second over `blocks` callbacks, streaming the input
// noise (or silence) on from where the engine left it.
double timedRun(EngineRun& run, const BenchCase& c, const InputSignal& input, bool silent, long blocks,
                bool paced, std::vector<double>* blockSeconds)
{
    auto& engine = *run.engine;
    const auto B = static_cast<std::size_t>(c.blockSize);
    if (blockSeconds != nullptr)
        blockSeconds->reserve(blockSeconds->size() + static_cast<std::size_t>(blocks));
    const auto period = std::chrono::duration_cast<WallClock::duration>(
        std::chrono::duration<double>(static_cast<double>(B) / kSampleRate));

    const double cpuStart = processCpuSeconds();
    auto deadline = WallClock::now();
    for (long b = 0; b < blocks; ++b)
    {
        for (int i = 0; i < c.numInputs(); ++i)
            run.inputPointers[static_cast<std::size_t>(i)] =
                silent ? input.silence.data()
                       : input.noise[static_cast<std::size_t>(i)].data() + run.streamPosition;
        const auto start = WallClock::now();
        engine.process(run.inputPointers.data(), run.outputPointers.data());
        if (blockSeconds != nullptr)
            blockSeconds->push_back(secondsBetween(start, WallClock::now()));
        if (!silent)
            run.streamPosition = (run.streamPosition + B) % input.length;
        if (paced)
        {
            // The next callback comes one period after this one was due, as from
            // an audio interface; an engine slower than real time just runs late.
            deadline += period;
            std::this_thread::sleep_until(deadline);
        }
    }
    engine.finishBackgroundWork();
    const double cpu = processCpuSeconds() - cpuStart;
    engine.resumeBackgroundWork();
    const double audio = static_cast<double>(blocks) * static_cast<double>(B) / kSampleRate;
    return cpu > 0.0 ? audio / cpu : INFINITY;
}

// The first output sample an impulse on every input reaches, or -1.
int measureLatency(EngineRun& run, const BenchCase& c)
{
    auto& engine = *run.engine;
    engine.reset();
    const auto B = static_cast<std::size_t>(c.blockSize);
    std::vector<float> impulse(B, 0.0f), zeros(B, 0.0f);
    impulse[0] = 1.0f;
    const int limit = 8 * std::max(c.blockSize, 64) + 1024;
    int found = -1;
    for (int start = 0; start < limit && found < 0; start += c.blockSize)
    {
        for (int i = 0; i < c.numInputs(); ++i)
            run.inputPointers[static_cast<std::size_t>(i)] = start == 0 ? impulse.data() : zeros.data();
        engine.process(run.inputPointers.data(), run.outputPointers.data());
        for (std::size_t k = 0; k < B && found < 0; ++k)
            for (const auto& out : run.outputs)
                if (std::abs(out[k]) > 0.05f) // the direct sound is 0.8 or more
                {
                    found = start + static_cast<int>(k);
                    break;
                }
    }
    engine.reset();
    return found;
}

// Feeds the noise from its start through the window [windowStart, windowStart +
// kWindowLength) of output (latency-aligned) and returns the error in dB against
// the reference; also the speed seen on the way.
double checkAgainstReference(EngineRun& run, const BenchCase& c, const InputSignal& input,
                             const std::vector<std::vector<double>>& reference, std::size_t windowStart,
                             double& realtimeFactor)
{
    auto& engine = *run.engine;
    const auto B = static_cast<std::size_t>(c.blockSize);
    const auto latency = static_cast<std::size_t>(std::max(0, run.row.latencyReported));
    const std::size_t windowEnd = windowStart + kWindowLength;
    const std::size_t blocks = (windowEnd + latency + B - 1) / B;
    if (blocks * B > input.length)
        throw std::logic_error("input noise too short for the reference pass");

    std::vector<std::vector<float>> captured(run.outputs.size(), std::vector<float>(kWindowLength, 0.0f));
    engine.reset();
    const double cpuStart = processCpuSeconds();
    for (std::size_t b = 0; b < blocks; ++b)
    {
        for (int i = 0; i < c.numInputs(); ++i)
            run.inputPointers[static_cast<std::size_t>(i)] =
                input.noise[static_cast<std::size_t>(i)].data() + b * B;
        engine.process(run.inputPointers.data(), run.outputPointers.data());
        for (std::size_t k = 0; k < B; ++k)
        {
            const std::size_t sample = b * B + k; // output sample; input time sample - latency
            if (sample < windowStart + latency || sample >= windowEnd + latency)
                continue;
            for (std::size_t o = 0; o < run.outputs.size(); ++o)
                captured[o][sample - latency - windowStart] = run.outputs[o][k];
        }
    }
    engine.finishBackgroundWork();
    const double cpu = processCpuSeconds() - cpuStart;
    engine.resumeBackgroundWork();
    realtimeFactor = static_cast<double>(blocks * B) / kSampleRate / std::max(cpu, 1e-9);
    run.streamPosition = (blocks * B) % input.length;

    double peak = 0.0, worst = 0.0;
    for (std::size_t o = 0; o < reference.size(); ++o)
        for (std::size_t i = 0; i < kWindowLength; ++i)
        {
            peak = std::max(peak, std::abs(reference[o][i]));
            worst = std::max(worst, std::abs(static_cast<double>(captured[o][i]) - reference[o][i]));
        }
    return 20.0 * std::log10(std::max(worst / std::max(peak, 1e-30), 1e-20));
}

std::vector<RowResult> runCase(const CaseSpec& spec, const std::vector<std::vector<float>>& ir,
                               const std::vector<std::vector<double>>& reference, std::size_t windowStart,
                               const InputSignal& input, const std::vector<const EngineKind*>& kinds,
                               const Options& options)
{
    BenchCase c;
    c.sampleRate = kSampleRate;
    c.blockSize = spec.blockSize;
    c.latency = spec.latency;
    c.layout = spec.layout;
    c.irLength = static_cast<int>(ir.front().size());
    const auto B = static_cast<std::size_t>(c.blockSize);
    const bool paced = options.pacedSeconds > 0.0;
    const long pacedBlocks = std::max(1L, std::lround(options.pacedSeconds * kSampleRate / c.blockSize));

    std::vector<EngineRun> runs;
    for (const EngineKind* kind : kinds)
    {
        if (!kind->supports(c))
            continue;
        EngineRun& run = runs.emplace_back();
        run.kind = kind;
        run.row.benchCase = c;
        run.row.irSeconds = spec.irSeconds;
        run.row.engine = kind->name;
        run.outputs.assign(static_cast<std::size_t>(c.numOutputs()), std::vector<float>(B, 0.0f));
        for (auto& out : run.outputs)
            run.outputPointers.push_back(out.data());
        run.inputPointers.assign(static_cast<std::size_t>(c.numInputs()), nullptr);
    }

    // 1. A throwaway prepare, so that the timed one finds FFTW's plans in its
    //    wisdom whichever engine happened to plan that size first.
    for (auto& run : runs)
    {
        try
        {
            auto engine = run.kind->create();
            engine->prepare(c, ir);
        }
        catch (const std::exception&)
        {
            // reported by the timed prepare below
        }
    }

    // 2. The timed prepare, and the heap it takes.
    for (auto& run : runs)
    {
        try
        {
            const std::int64_t heapBefore = heapBytesInUse();
            const auto start = WallClock::now();
            run.engine = run.kind->create();
            run.engine->prepare(c, ir);
            run.row.prepareSeconds = secondsBetween(start, WallClock::now());
            run.engine->settle();
            run.row.heapBytes = heapBytesInUse() - heapBefore;
            run.row.latencyReported = run.engine->latencySamples();
            run.row.ran = true;
        }
        catch (const std::exception& e)
        {
            fail(run, std::string("prepare: ") + e.what());
        }
    }

    // 3 and 4. Latency and accuracy; the reference pass also sizes the repetitions.
    for (auto& run : runs)
    {
        if (!run.row.ran)
            continue;
        try
        {
            run.row.latencyMeasured = measureLatency(run, c);
            double realtimeFactor = 0.0;
            run.row.errorDb = checkAgainstReference(run, c, input, reference, windowStart, realtimeFactor);
            run.blocksPerRepetition =
                paced ? pacedBlocks : blocksFor(options.cpuSecondsPerRepetition, realtimeFactor, c.blockSize);
            if (run.row.latencyMeasured != run.row.latencyReported)
            {
                run.row.checked = false;
                run.row.failure = "an impulse came out after " + std::to_string(run.row.latencyMeasured) +
                                  " samples, not the " + std::to_string(run.row.latencyReported) +
                                  " reported";
            }
            else if (!(run.row.errorDb <= kWorstAcceptableErrorDb))
            {
                run.row.checked = false;
                char text[96];
                std::snprintf(text, sizeof text, "output differs from the reference by %.1f dB",
                              run.row.errorDb);
                run.row.failure = text;
            }
        }
        catch (const std::exception& e)
        {
            fail(run, std::string("check: ") + e.what());
        }
    }

    // 5. Timed runs on noise, round robin, starting with a different engine each time.
    const std::size_t n = runs.size();
    for (int rep = 0; rep < options.repetitions; ++rep)
        for (std::size_t k = 0; k < n; ++k)
        {
            auto& run = runs[(k + static_cast<std::size_t>(rep)) % n];
            if (!run.row.ran)
                continue;
            run.row.realtimeFactors.push_back(
                timedRun(run, c, input, false, run.blocksPerRepetition, paced, &run.blockSeconds));
        }

    // 6. Silence: longer than the IR (within a CPU budget), then timed runs.
    for (auto& run : runs)
    {
        if (!run.row.ran)
            continue;
        run.engine->reset();
        const long wanted = static_cast<long>((static_cast<std::size_t>(c.irLength) + B - 1) / B) + 1;
        long fed = 0;
        const double cpuStart = processCpuSeconds();
        double cpu = 0.0;
        while (fed < wanted && cpu < kIdleWarmUpCpuLimit)
        {
            const long chunk = std::min<long>(wanted - fed, 64);
            for (long b = 0; b < chunk; ++b)
            {
                for (int i = 0; i < c.numInputs(); ++i)
                    run.inputPointers[static_cast<std::size_t>(i)] = input.silence.data();
                run.engine->process(run.inputPointers.data(), run.outputPointers.data());
            }
            fed += chunk;
            cpu = processCpuSeconds() - cpuStart;
        }
        run.engine->finishBackgroundWork();
        cpu = processCpuSeconds() - cpuStart;
        run.engine->resumeBackgroundWork();
        run.row.idleAfterFullIr = fed >= wanted;
        const double idleFactor =
            static_cast<double>(fed) * static_cast<double>(B) / kSampleRate / std::max(cpu, 1e-9);
        run.idleBlocksPerRepetition =
            paced ? pacedBlocks : blocksFor(options.cpuSecondsPerRepetition, idleFactor, c.blockSize);
    }
    for (int rep = 0; rep < options.repetitions; ++rep)
        for (std::size_t k = 0; k < n; ++k)
        {
            auto& run = runs[(k + static_cast<std::size_t>(rep)) % n];
            if (!run.row.ran)
                continue;
            run.row.idleRealtimeFactors.push_back(
                timedRun(run, c, input, true, run.idleBlocksPerRepetition, paced, nullptr));
        }

    std::vector<RowResult> rows;
    const double blockPeriod = static_cast<double>(B) / kSampleRate;
    for (auto& run : runs)
    {
        if (run.row.ran)
        {
            run.row.realtimeFactor = median(run.row.realtimeFactors);
            run.row.idleRealtimeFactor = median(run.row.idleRealtimeFactors);
            run.row.medianBlockShare = 100.0 * quantile(run.blockSeconds, 0.5) / blockPeriod;
            run.row.p99BlockShare = 100.0 * quantile(run.blockSeconds, 0.99) / blockPeriod;
            const double slowest = run.blockSeconds.empty()
                                       ? 0.0
                                       : *std::max_element(run.blockSeconds.begin(), run.blockSeconds.end());
            run.row.maxBlockShare = 100.0 * slowest / blockPeriod;
            run.row.blocksTimed = static_cast<long>(run.blockSeconds.size());
            run.row.notes = run.engine->notes();
            if (run.row.latencyReported != c.blockSize && c.latency == LatencyKind::block)
                run.row.notes += (run.row.notes.empty() ? "" : "; ") + std::string("latency ") +
                                 std::to_string(run.row.latencyReported) +
                                 " samples at B = " + std::to_string(c.blockSize);
        }
        run.engine.reset(); // engines go one at a time, in order
        rows.push_back(std::move(run.row));
    }
    return rows;
}

} // namespace

int main(int argc, char** argv)
{
    Options options;
    try
    {
        options = parseOptions(argc, argv);
    }
    catch (const UsageError& e)
    {
        std::fprintf(stderr, "faltung-benchmark: %s\n", e.what());
        return 2;
    }

    std::vector<const EngineKind*> kinds;
    const auto allKinds = engineKinds();
    if (options.listEngines)
    {
        for (const auto& kind : allKinds)
            std::printf("%-20s %s%s\n", kind.name.c_str(), kind.description.c_str(),
                        kind.optIn ? " (only when named)" : "");
        return 0;
    }
    for (const auto& token : options.engines)
        if (std::none_of(allKinds.begin(), allKinds.end(),
                         [&](const EngineKind& k) { return engineSelected(k, {token}); }))
        {
            std::fprintf(stderr, "faltung-benchmark: no engine called '%s' (see --list-engines)\n",
                         token.c_str());
            return 2;
        }
    for (const auto& kind : allKinds)
        if (engineSelected(kind, options.engines))
            kinds.push_back(&kind);

    if (options.multiInstance)
    {
        // By default the engine as the plugin runs it and the peer with worker threads.
        if (options.engines.empty())
        {
            kinds.clear();
            for (const auto& kind : allKinds)
                if (kind.name == "faltung-multi" || kind.name == "zita-vector")
                    kinds.push_back(&kind);
        }
        return runMultiInstanceBenchmark(options.instances, kinds, describeRun(argc, argv));
    }

    const auto cases = selectCases(options);
    if (cases.empty())
    {
        std::fprintf(stderr, "faltung-benchmark: the selection leaves no case to run\n");
        return 2;
    }

    // Reverb tails decay towards denormals; every engine runs with them flushed.
    faltung::ScopedFlushDenormals flushDenormals;

    RunInfo info = describeRun(argc, argv);
    info.sampleRate = kSampleRate;
    info.repetitions = options.repetitions;
    info.cpuSecondsPerRepetition = options.cpuSecondsPerRepetition;
    info.quick = options.quick;
    info.pacing = "back to back (not paced)";
    if (options.pacedSeconds > 0.0)
    {
        char text[80];
        std::snprintf(text, sizeof text, "paced in real time, %g s of audio per repetition",
                      options.pacedSeconds);
        info.pacing = text;
    }
    info.benchmarkThread = "SCHED_OTHER";
    // Back to back, a SCHED_FIFO callback thread never sleeps: it holds one core above
    // every worker thread, and engines whose workers run at several realtime priorities
    // (zita-convolver: one level per priority) preempt and migrate each other on the
    // other core, CPU time that a live callback, asleep most of each period, never
    // causes. So --realtime only applies where the callbacks are paced.
    if (options.realtime && options.pacedSeconds <= 0.0)
        info.benchmarkThread = "SCHED_OTHER (--realtime applies to --paced runs only)";
    else if (options.realtime)
    {
        // Above zita's worker threads (50 and below), as a host's audio thread would be.
        sched_param param{};
        param.sched_priority = 60;
        info.benchmarkThread = pthread_setschedparam(pthread_self(), SCHED_FIFO, &param) == 0
                                   ? "SCHED_FIFO 60"
                                   : "SCHED_OTHER (SCHED_FIFO refused)";
    }
    for (const auto* kind : kinds)
        info.engines.emplace_back(kind->name, kind->description);

    // The input: long enough for the reference pass of the longest IR.
    InputSignal input;
    {
        int longest = 0;
        for (const auto& c : cases)
            longest = std::max(longest, irLengthFor(c.irSeconds));
        const std::size_t needed = static_cast<std::size_t>(longest) + kWindowLength + 3 * 8192;
        input.length = std::max<std::size_t>((needed + 8191) / 8192 * 8192, 4 * 8192 * 6);
        input.noise = makeInputNoise(2, input.length);
        input.silence.assign(8192, 0.0f);
    }

    printHeader(stdout, info);
    std::vector<RowResult> rows;
    std::map<std::pair<int, int>,
             std::pair<std::vector<std::vector<float>>, std::vector<std::vector<double>>>>
        signals; // (IR length, layout) -> IR, reference window
    for (const auto& spec : cases)
    {
        const int irLength = irLengthFor(spec.irSeconds);
        const auto key = std::make_pair(irLength, static_cast<int>(spec.layout));
        if (signals.find(key) == signals.end())
        {
            signals.clear(); // cases come grouped, so the last IR is not needed again
            auto ir = makeImpulseResponse(spec.layout, irLength);
            auto reference = referenceWindow(spec.layout, ir, input.noise, static_cast<std::size_t>(irLength),
                                             kWindowLength);
            signals.emplace(key, std::make_pair(std::move(ir), std::move(reference)));
        }
        const auto& [ir, reference] = signals.at(key);
        for (auto& row :
             runCase(spec, ir, reference, static_cast<std::size_t>(irLength), input, kinds, options))
        {
            printRow(stdout, row);
            rows.push_back(std::move(row));
        }
    }
    printSummary(stdout, rows);

    bool allGood =
        std::all_of(rows.begin(), rows.end(), [](const RowResult& r) { return r.ran && r.checked; });
    if (options.writeJson)
    {
        const std::filesystem::path path(options.jsonPath);
        std::error_code ignored;
        if (path.has_parent_path())
            std::filesystem::create_directories(path.parent_path(), ignored);
        if (writeJson(options.jsonPath, info, rows))
            std::printf("\nJSON written to %s\n", options.jsonPath.c_str());
        else
            allGood = false;
    }
    return allGood ? 0 : 1;
}
