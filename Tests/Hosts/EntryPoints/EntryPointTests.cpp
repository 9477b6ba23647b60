// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// Each plugin format's own entry point of the built bundles, watched for
// allocator calls: VST3 IAudioProcessor::process and LV2 run(), called by minimal
// hosts written on the formats' headers, the way a DAW calls them (set-up first,
// where allocating is fine; then only processing, on an audio thread of the
// host's). Everything the thread does inside those calls counts: JUCE's format
// wrapper around processBlock as much as our code. RealtimeSafetyTests.cpp
// watches processBlock alone, more strictly (every lock and system call); JUCE's
// wrappers take the processor's callback lock (a pthread mutex) around it, so
// locks are counted and reported here, not failed. One allocation is told apart:
// glibc sets up a dlopened module's thread-local storage for a thread at its first
// use there (JUCE's VST3 wrapper has a thread_local flag), once per thread; it is
// reported, and allowed once.
//
// A failing run prints how many calls used the allocator and a backtrace of the
// first use. Run the program directly for the full report of a passing run.
#include "AllocationWatch.h"
#include "CallRecord.h"
#include "FlacFile.h"
#include "Lv2Host.h"
#include "Vst3Host.h"
#include "Vst3ParameterChanges.h"
#include "Workload.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <dlfcn.h>
#include <thread>

using namespace faltung::test;
using namespace Steinberg;

namespace
{
constexpr double kSampleRate = 48000.0;
constexpr int kMaxBlock = 1024;
constexpr int kBlocks = 3000;
constexpr int kChannels = 2;
constexpr unsigned kSeed = 2026;

// The host's audio thread sleeps a quarter of each block's duration after it,
// so that the plugin's loader and message threads rebuild and hand over engines
// while the watched calls run (parameter changes start those rebuilds).
void paceAfter(int numSamples)
{
    std::this_thread::sleep_for(std::chrono::duration<double>(numSamples / kSampleRate / 4.0));
}

const DecodedAudio& demo()
{
    static const DecodedAudio audio = readFlacFile(FALTUNG_DEMO_FLAC);
    return audio;
}

// Copies the next n samples of the demo (looped) into the host's input buffers.
void fillInput(float* const* channels, int n, bool silent, std::size_t& position)
{
    const auto& audio = demo();
    const auto length = audio.channels[0].size();
    for (int c = 0; c < kChannels; ++c)
    {
        const auto& source = audio.channels[static_cast<std::size_t>(c) % audio.channels.size()];
        for (int i = 0; i < n; ++i)
            channels[c][i] = silent ? 0.0f : source[(position + static_cast<std::size_t>(i)) % length];
    }
    position += static_cast<std::size_t>(n);
}

// What the host checks of each block's output, outside the watched call.
struct OutputCheck
{
    std::size_t nonFiniteSamples = 0;
    double energy = 0.0;

    void add(const float* samples, int n)
    {
        for (int i = 0; i < n; ++i)
        {
            if (!std::isfinite(samples[i]))
                ++nonFiniteSamples;
            else
                energy += static_cast<double>(samples[i]) * samples[i];
        }
    }
};

void reportAndCheck(const CallRecord& record, const std::string& entryPoint, const OutputCheck& output,
                    int latencyChanges)
{
    const auto summary = record.summary(entryPoint);
    std::printf("%s  latency changes seen by the host during the run: %d\n", summary.c_str(), latencyChanges);
    std::fflush(stdout);
    INFO(summary);
    CHECK(record.numCalls() == static_cast<std::size_t>(kBlocks));
    CHECK(output.nonFiniteSamples == 0);
    CHECK(output.energy > 0.0);
    // Engines were rebuilt and handed over while the watched calls ran.
    CHECK(latencyChanges > 0);
    CHECK(record.callsThatUsedTheAllocator() == 0);
    // At most the one-time set-up of the plugin module's thread-local storage for
    // this thread: never again once done.
    CHECK(record.threadStorageAllocations() <= 1);
}
} // namespace

TEST_CASE(
    "The allocation watch counts a loaded module's allocator calls and locks, on the watched thread only")
{
    prepareAllocationWatch();
    void* module = dlopen(FALTUNG_PROBE_MODULE, RTLD_NOW | RTLD_LOCAL);
    REQUIRE(module != nullptr);
    const auto probe = reinterpret_cast<void (*)(int)>(dlsym(module, "faltung_probe_allocate"));
    REQUIRE(probe != nullptr);
    probe(1); // outside the watch: the first call's set-up (symbol binding, statics) is not counted

    resetFirstWatchedAllocatorCall();
    startWatching();
    probe(3);
    const auto counts = stopWatching();
    CHECK(counts.allocations == 3 * 9);
    CHECK(counts.deallocations == 3 * 8);
    CHECK(counts.bytesAllocated == 3 * 1136);
    CHECK(counts.mutexLocks == 3);
    CHECK(counts.mutexTryLocks == 3);

    AllocatorCallSite site;
    REQUIRE(firstWatchedAllocatorCall(site));
    CHECK(std::string(site.function) == "malloc");
    CHECK(site.size == 24);
    const auto where = describeCallSite(site);
    INFO(where);
    CHECK_THAT(where, Catch::Contains("faltung_probe_allocate"));

    // Another thread allocating and locking all the while is not counted.
    std::atomic<bool> stop{false};
    std::atomic<int> rounds{0};
    std::thread other(
        [&]
        {
            while (!stop.load())
            {
                probe(1);
                ++rounds;
            }
        });
    while (rounds.load() < 10)
        std::this_thread::yield();
    startWatching();
    const int from = rounds.load();
    while (rounds.load() < from + 10)
    {
    }
    const auto quiet = stopWatching();
    stop = true;
    other.join();
    CHECK(quiet.allocatorCalls() == 0);
    CHECK(quiet.mutexLocks == 0);

    // The module's thread-local storage, set up by glibc at its first use on a thread,
    // is told apart from the module's own allocations, and happens once.
    const auto touch = reinterpret_cast<int (*)()>(dlsym(module, "faltung_probe_thread_local"));
    REQUIRE(touch != nullptr);
    WatchCounts first, second;
    std::thread fresh(
        [&]
        {
            startWatching();
            touch();
            first = stopWatching();
            startWatching();
            touch();
            second = stopWatching();
        });
    fresh.join();
    CHECK(first.threadStorageAllocations == 1);
    CHECK(first.allocatorCalls() == 0);
    CHECK(second.threadStorageAllocations == 0);
    CHECK(second.allocatorCalls() == 0);
    dlclose(module);
}

TEST_CASE("VST3: IAudioProcessor::process of the built bundle never calls the allocator")
{
    prepareAllocationWatch();
    REQUIRE(demo().sampleRate == kSampleRate);
    Vst3Plugin plugin(FALTUNG_VST3_BUNDLE, kSampleRate, kMaxBlock);
    REQUIRE(plugin.parameters().size() > 0);
    const Workload workload(kBlocks, kMaxBlock, static_cast<int>(plugin.parameters().size()), kSeed);

    std::vector<std::vector<float>> in(kChannels, std::vector<float>(kMaxBlock)), out = in;
    float* inputs[kChannels] = {in[0].data(), in[1].data()};
    float* outputs[kChannels] = {out[0].data(), out[1].data()};
    Vst::AudioBusBuffers inputBus{}, outputBus{};
    inputBus.numChannels = outputBus.numChannels = kChannels;
    inputBus.channelBuffers32 = inputs;
    outputBus.channelBuffers32 = outputs;
    // Heap-held: each holds 128 fixed queues.
    auto inputChanges = std::make_unique<Vst3ParameterChanges>();
    auto outputChanges = std::make_unique<Vst3ParameterChanges>();
    Vst::ProcessContext context{};
    context.state = Vst::ProcessContext::kPlaying | Vst::ProcessContext::kTempoValid |
                    Vst::ProcessContext::kTimeSigValid | Vst::ProcessContext::kProjectTimeMusicValid;
    context.sampleRate = kSampleRate;
    context.tempo = 120.0;
    context.timeSigNumerator = context.timeSigDenominator = 4;

    CallRecord record(workload.blocks.size());
    OutputCheck output;
    std::size_t failedCalls = 0;
    int latencyChanges = 0;
    plugin.startProcessing();
    std::thread audioThread(
        [&]
        {
            resetFirstWatchedAllocatorCall();
            std::size_t position = 0;
            auto latency = plugin.latencySamples();
            for (const auto& block : workload.blocks)
            {
                const int n = block.numSamples;
                fillInput(inputs, n, block.silentInput, position);
                inputChanges->clear();
                outputChanges->clear();
                for (int i = 0; i < block.numChanges; ++i)
                {
                    const auto& change = workload.changes[static_cast<std::size_t>(block.firstChange + i)];
                    int32 index = 0;
                    const auto id = plugin.parameters()[static_cast<std::size_t>(change.parameter)].id;
                    if (auto* queue = inputChanges->addParameterData(id, index))
                        queue->addPoint(change.offset, change.normalised, index);
                }
                Vst::ProcessData data{};
                data.processMode = Vst::kRealtime;
                data.symbolicSampleSize = Vst::kSample32;
                data.numSamples = n;
                data.numInputs = data.numOutputs = n > 0 ? 1 : 0; // n == 0: a parameter flush
                data.inputs = n > 0 ? &inputBus : nullptr;
                data.outputs = n > 0 ? &outputBus : nullptr;
                data.inputParameterChanges = inputChanges.get();
                data.outputParameterChanges = outputChanges.get();
                data.processContext = &context;

                startWatching();
                const auto result = plugin.process(data);
                const auto counts = stopWatching();

                record.add(counts, n, block.numChanges > 0);
                failedCalls += result == kResultOk ? 0 : 1;
                for (int c = 0; c < kChannels; ++c)
                    output.add(outputs[c], n);
                context.projectTimeSamples += n;
                context.continousTimeSamples += n;
                if (const auto now = plugin.latencySamples(); now != latency)
                {
                    ++latencyChanges;
                    latency = now;
                }
                paceAfter(n);
            }
        });
    audioThread.join();
    plugin.stopProcessing();

    CHECK(failedCalls == 0);
    reportAndCheck(record, "VST3 IAudioProcessor::process", output, latencyChanges);
}

TEST_CASE("LV2: run() of the built bundle never calls the allocator")
{
    prepareAllocationWatch();
    REQUIRE(demo().sampleRate == kSampleRate);
    Lv2Plugin plugin(FALTUNG_LV2_BUNDLE, FALTUNG_LV2_URI, kSampleRate, kMaxBlock);
    REQUIRE(plugin.numAudioInputs() == kChannels);
    REQUIRE(plugin.numAudioOutputs() == kChannels);
    REQUIRE(plugin.parameters().size() > 0);
    // LV2 has no parameter-only call: the workload's are skipped, and as many
    // blocks added to keep the count.
    const Workload workload(kBlocks + kBlocks / 10, kMaxBlock, static_cast<int>(plugin.parameters().size()),
                            kSeed);

    float* inputs[kChannels] = {plugin.audioInput(0), plugin.audioInput(1)};
    std::vector<Lv2Plugin::ParameterChange> changes(workload.changes.size());

    CallRecord record(workload.blocks.size());
    OutputCheck output;
    int latencyChanges = 0;
    std::thread audioThread(
        [&]
        {
            resetFirstWatchedAllocatorCall();
            std::size_t position = 0;
            float latency = plugin.latency();
            for (const auto& block : workload.blocks)
            {
                const int n = block.numSamples;
                if (n == 0)
                    continue;
                if (record.numCalls() == static_cast<std::size_t>(kBlocks))
                    break;
                fillInput(inputs, n, block.silentInput, position);
                for (int i = 0; i < block.numChanges; ++i)
                {
                    const auto& change = workload.changes[static_cast<std::size_t>(block.firstChange + i)];
                    const auto& parameter = plugin.parameters()[static_cast<std::size_t>(change.parameter)];
                    changes[static_cast<std::size_t>(i)] = {
                        static_cast<std::uint32_t>(change.offset), &parameter,
                        parameter.minimum +
                            static_cast<float>(change.normalised) * (parameter.maximum - parameter.minimum)};
                }
                plugin.prepareCycle(changes.data(), block.numChanges, !block.hostBypass);

                startWatching();
                plugin.run(static_cast<std::uint32_t>(n));
                const auto counts = stopWatching();

                record.add(counts, n, block.numChanges > 0);
                for (int c = 0; c < kChannels; ++c)
                    output.add(plugin.audioOutput(c), n);
                if (plugin.latency() != latency)
                {
                    ++latencyChanges;
                    latency = plugin.latency();
                }
                paceAfter(n);
            }
        });
    audioThread.join();

    reportAndCheck(record, "LV2 run()", output, latencyChanges);
}
