// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// RealtimeSanitizer watches every processBlock() call: any allocation, lock,
// blocking system call or other real-time violation aborts the program with the
// offending call. Between blocks, outside the real-time section, the test does
// what users and hosts do: moves every control, loads IRs (good and bad, mono,
// stereo, true stereo, short enough for the direct FIR), changes the latency mode
// and partition size, in every channel layout.
//
// Only our processBlock is wrapped, not a host's call into it: JUCE's own plugin
// wrappers take locks around processing (see PLATFORM.md).
#include "AudioFileIo.h"
#include "PluginTestUtilities.h"
#include "TestFiles.h"

#include <catch2/catch.hpp>

extern "C" void __rtsan_realtime_enter();
extern "C" void __rtsan_realtime_exit();

using namespace faltung;
using namespace faltung::test;

namespace
{
struct Layout
{
    juce::AudioChannelSet in, out;
};

int blocksProcessed = 0;

void processRealtime(FaltungProcessor& p, juce::AudioBuffer<float>& buffer, int numSamples)
{
    juce::AudioBuffer<float> view(buffer.getArrayOfWritePointers(), buffer.getNumChannels(), 0, numSamples);
    juce::MidiBuffer midi;
    __rtsan_realtime_enter();
    p.processBlock(view, midi);
    __rtsan_realtime_exit();
    ++blocksProcessed;
}
} // namespace

TEST_CASE("processBlock is real-time safe through IR swaps, control changes, mode changes and layouts")
{
    juce::ScopedJuceInitialiser_GUI juce;
    ScratchFolder folder;
    auto writeIr = [&](const char* name, int channels, int length)
    {
        AudioData a;
        a.sampleRate = 44100.0;
        a.channels = randomSignal(channels, length, static_cast<unsigned>(length), 0.05f);
        writeWavFile(folder.file(name), a, WavSampleFormat::float32);
        return IrSource::fromFile(folder.file(name));
    };
    const IrSource sources[] = {
        writeIr("mono.wav", 1, 30000),
        writeIr("stereo.wav", 2, 60000),
        writeIr("true-stereo.wav", 4, 40000),
        writeIr("short.wav", 1, 50), // direct FIR only
        IrSource::factory("cathedral"),
        IrSource::factory("cabinet"),
        IrSource::fromFile(folder.writeText("bad.wav", "not audio")),
    };

    const Layout layouts[] = {{juce::AudioChannelSet::mono(), juce::AudioChannelSet::mono()},
                              {juce::AudioChannelSet::mono(), juce::AudioChannelSet::stereo()},
                              {juce::AudioChannelSet::stereo(), juce::AudioChannelSet::stereo()}};
    std::mt19937 rng(2026);
    std::uniform_real_distribution<float> unit(0.0f, 1.0f);
    constexpr int kMaxBlock = 1024;

    for (const auto& layout : layouts)
        for (double rate : {44100.0, 96000.0})
        {
            FaltungProcessor p;
            juce::AudioProcessor::BusesLayout l;
            l.inputBuses.add(layout.in);
            l.outputBuses.add(layout.out);
            REQUIRE(p.setBusesLayout(l));
            p.prepareToPlay(rate, kMaxBlock);
            auto buffer = noiseBuffer(2, kMaxBlock, 7);

            for (int step = 0; step < 400; ++step)
            {
                // Outside the real-time section: what the user and the host do.
                if (step % 40 == 0)
                    p.loadImpulseResponse(sources[static_cast<std::size_t>(step / 40) % std::size(sources)]);
                if (step % 97 == 0)
                {
                    setParameter(p, params::latencyMode, unit(rng) < 0.5f ? 0.0f : 1.0f);
                    setParameter(p, params::partitionSize,
                                 params::partitionStepValue(static_cast<int>(unit(rng) * 6.99f)));
                }
                setParameter(p, params::mix, 100.0f * unit(rng));
                setParameter(p, params::dryLevel, -60.0f + 72.0f * unit(rng));
                setParameter(p, params::wetLevel, -60.0f + 72.0f * unit(rng));
                setParameter(p, params::predelay, 500.0f * unit(rng));
                setParameter(p, params::lowCut, 20.0f + 1980.0f * unit(rng));
                setParameter(p, params::highCut, 1000.0f + 19000.0f * unit(rng));
                setParameter(p, params::width, 200.0f * unit(rng));
                setParameter(p, params::outputGain, -24.0f + 36.0f * unit(rng));
                setParameter(p, params::bypass, unit(rng) < 0.05f ? 1.0f : 0.0f);
                p.updateEngineAndLatency();
                if (step % 40 == 20)
                    p.waitForImpulseResponse(30000); // sometimes let a load land, sometimes pile them up

                const int n = step % 11 == 0 ? 1 : 1 + static_cast<int>(unit(rng) * (kMaxBlock - 1));
                for (int c = 0; c < 2; ++c)
                    for (int i = 0; i < n; ++i)
                        buffer.setSample(c, i, unit(rng) - 0.5f);
                processRealtime(p, buffer, n);
                for (int c = 0; c < p.getTotalNumOutputChannels(); ++c)
                    for (int i = 0; i < n; ++i)
                        REQUIRE(std::isfinite(buffer.getSample(c, i)));
            }
        }
    WARN("blocks processed under RealtimeSanitizer: " << blocksProcessed);
}

// Every engine shape the plugin can be in, and every IR edit changed while audio
// runs, so that each rebuild is handed over and crossfaded under the sanitizer:
// both latency modes, every partition size, mono, stereo, true-stereo and
// direct-FIR-only IRs, every routing; edits and IR swaps also land while the
// previous crossfade is still under way.
TEST_CASE("processBlock is real-time safe in every latency mode, partition size, routing and IR edit")
{
    juce::ScopedJuceInitialiser_GUI juce;
    ScratchFolder folder;
    auto writeIr = [&](const char* name, int channels, int length)
    {
        AudioData a;
        a.sampleRate = 48000.0;
        a.channels = randomSignal(channels, length, static_cast<unsigned>(length + channels), 0.05f);
        writeWavFile(folder.file(name), a, WavSampleFormat::float32);
        return IrSource::fromFile(folder.file(name));
    };
    const IrSource sources[] = {writeIr("mono.wav", 1, 24000),
                                writeIr("stereo.wav", 2, 60000), // multi-stage up to B = 1024
                                writeIr("true-stereo.wav", 4, 20000), writeIr("short.wav", 2, 100)};
    const Layout layouts[] = {{juce::AudioChannelSet::mono(), juce::AudioChannelSet::mono()},
                              {juce::AudioChannelSet::mono(), juce::AudioChannelSet::stereo()},
                              {juce::AudioChannelSet::stereo(), juce::AudioChannelSet::stereo()}};
    // Each edit with a range of values worth building (in the parameter's units).
    const std::pair<juce::ParameterID, std::pair<float, float>> edits[] = {
        {params::irTrimStart, {0.0f, 50.0f}}, {params::irTrimEnd, {0.0f, 400.0f}},
        {params::irAutoTrim, {0.0f, 1.0f}},   {params::irStretch, {50.0f, 200.0f}},
        {params::irDecay, {10.0f, 100.0f}},   {params::irReverse, {0.0f, 1.0f}},
        {params::irAttack, {0.0f, 100.0f}},   {params::irNormalise, {0.0f, 1.0f}},
        {params::irGain, {-24.0f, 24.0f}},    {params::irTrueStereoOrder, {0.0f, 1.0f}},
    };
    std::mt19937 rng(7);
    std::uniform_real_distribution<float> unit(0.0f, 1.0f);
    constexpr int kMaxBlock = 512;
    const int before = blocksProcessed;
    int rebuilds = 0, combination = 0;
    std::size_t nextEdit = 0;

    for (const auto& layout : layouts)
        for (int latencyMode : {0, 1})
            for (int partition = 0; partition < params::kNumPartitionSizes; ++partition, ++combination)
            {
                CAPTURE(layout.in.size(), layout.out.size(), latencyMode, partition);
                FaltungProcessor p;
                juce::AudioProcessor::BusesLayout l;
                l.inputBuses.add(layout.in);
                l.outputBuses.add(layout.out);
                REQUIRE(p.setBusesLayout(l));
                setParameter(p, params::latencyMode, static_cast<float>(latencyMode));
                setParameter(p, params::partitionSize, params::partitionStepValue(partition));
                p.loadImpulseResponse(sources[static_cast<std::size_t>(combination) % std::size(sources)]);
                p.prepareToPlay(48000.0, kMaxBlock);
                REQUIRE(p.getLatencySamples() == (latencyMode == 1 ? params::kPartitionSizes[partition] : 0));
                auto buffer = noiseBuffer(2, kMaxBlock, 3);

                auto play = [&](int blocks)
                {
                    for (int b = 0; b < blocks; ++b)
                    {
                        const int n = b % 5 == 0 ? 1 + static_cast<int>(unit(rng) * 15.0f)
                                                 : 1 + static_cast<int>(unit(rng) * (kMaxBlock - 1));
                        for (int c = 0; c < 2; ++c)
                            for (int i = 0; i < n; ++i)
                                buffer.setSample(c, i, unit(rng) - 0.5f);
                        processRealtime(p, buffer, n);
                        for (int c = 0; c < p.getTotalNumOutputChannels(); ++c)
                            for (int i = 0; i < n; ++i)
                                REQUIRE(std::isfinite(buffer.getSample(c, i)));
                    }
                };
                for (int round = 0; round < 3; ++round)
                {
                    // Three or four edits at once, all ten over the combinations.
                    for (int k = 0; k < 3 + round % 2; ++k, ++nextEdit)
                    {
                        const auto& [id, range] = edits[nextEdit % std::size(edits)];
                        setParameter(p, id, range.first + (range.second - range.first) * unit(rng));
                    }
                    p.updateEngineAndLatency();
                    play(20);
                    REQUIRE(p.waitForImpulseResponse(30000));
                    ++rebuilds;
                    // The new engine is picked up on the next block and crossfades
                    // for 50 ms: a few blocks in, ask for the next change.
                    play(3);
                    if (round == 1)
                        p.loadImpulseResponse(
                            sources[static_cast<std::size_t>(combination + 1) % std::size(sources)]);
                    else
                        setParameter(p, params::irGain, -6.0f + 12.0f * unit(rng));
                    p.updateEngineAndLatency();
                    play(30);
                }
                REQUIRE(p.waitForImpulseResponse(30000));
                play(20);
            }
    WARN("every mode, routing and edit: " << combination << " combinations, " << rebuilds
                                          << " rebuilds crossfaded in, " << blocksProcessed - before
                                          << " blocks under RealtimeSanitizer");
}

// Many instances in one process share the stage executor and the loader pool: an
// instance's processBlock stays real-time safe while other instances are created,
// load IRs, play and are destroyed between its blocks, and while their engines'
// stages are handed to the same executor threads as its own.
TEST_CASE("processBlock is real-time safe while other instances come and go on the shared threads")
{
    juce::ScopedJuceInitialiser_GUI juce;
    constexpr int kBlock = 64; // the factory rooms go multi-stage in partitions of 64
    auto makeInstance = [&](const char* ir)
    {
        auto p = std::make_unique<FaltungProcessor>();
        setParameter(*p, params::partitionSize, params::partitionStepValue(0));
        p->loadImpulseResponse(IrSource::factory(ir));
        p->prepareToPlay(48000.0, kBlock);
        return p;
    };
    std::vector<std::unique_ptr<FaltungProcessor>> instances;
    for (const char* ir : {"cathedral", "concert-hall", "chamber", "plate"})
        instances.push_back(makeInstance(ir));
    auto buffer = noiseBuffer(2, kBlock, 11);
    const int before = blocksProcessed;
    int replaced = 0;

    for (int step = 0; step < 600; ++step)
    {
        // Outside the real-time section: the session changes.
        if (step % 50 == 25)
        {
            instances[static_cast<std::size_t>(replaced) % instances.size()] =
                makeInstance(replaced % 2 == 0 ? "cathedral" : "concert-hall");
            ++replaced;
        }
        if (step % 50 == 40)
            instances[static_cast<std::size_t>(step) % instances.size()]->loadImpulseResponse(
                IrSource::factory(step % 100 == 40 ? "chamber" : "cathedral"));
        // One audio thread calls every instance in turn, as a host's graph does.
        for (auto& p : instances)
        {
            processRealtime(*p, buffer, kBlock);
            for (int c = 0; c < 2; ++c)
                for (int i = 0; i < kBlock; ++i)
                    REQUIRE(std::isfinite(buffer.getSample(c, i)));
            buffer.applyGain(0.5f); // keep the level bounded as it passes through them all
        }
    }
    WARN(replaced << " instances replaced; " << blocksProcessed - before
                  << " blocks under RealtimeSanitizer");
}
