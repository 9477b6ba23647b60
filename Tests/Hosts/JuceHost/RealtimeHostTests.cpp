// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// The built VST3 played live, in real time, as a DAW plays a session: many
// instances on one audio thread, every one of them keeping its deadlines. These
// tests run alone (RUN_SERIAL): they measure whether the machine's time is enough.
#include "HostTestSupport.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

using namespace faltung::test;

TEST_CASE("Sixteen instances of the VST3 played live at B = 256 miss no deadline")
{
    juce::ScopedJuceInitialiser_GUI juce;
    constexpr double kRate = 48000.0;
    constexpr int kBlock = 256, kInstances = 16;
    // The default program plays the Concert Hall (3.2 s) in partitions of 256 with
    // no latency: a multi-stage engine whose later stages run on the executor that
    // the instances share.
    std::vector<std::unique_ptr<juce::AudioPluginInstance>> instances;
    for (int i = 0; i < kInstances; ++i)
    {
        instances.push_back(load(PluginFormat::vst3, kRate, kBlock, false));
        parameter(*instances.back(), "Mix")->setValueNotifyingHost(1.0f);
    }
    for (auto& p : instances)
        pump(*p, 100, kBlock); // the mix glides to 100 % on silence

    // Each instance hears its own noise, then silence while the tail rings out.
    const auto length = static_cast<int>(4.5 * kRate) / kBlock * kBlock;
    std::vector<juce::AudioBuffer<float>> signals, outputs;
    for (int i = 0; i < kInstances; ++i)
    {
        signals.push_back(noise(static_cast<int>(kRate), static_cast<unsigned>(100 + i)));
        outputs.push_back(withSilenceAfter(signals.back(), length - signals.back().getNumSamples()));
    }

    // One audio thread calls every instance in turn, once per period of real time.
    // A period that starts late is not caught up by running the next ones back to
    // back, as a host that drops late callbacks: the plugin's stages always get a
    // period of real time per block, as the host promises them.
    using Clock = std::chrono::steady_clock;
    const auto period =
        std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(kBlock / kRate));
    juce::MidiBuffer midi;
    int latePeriods = 0;
    double worstShare = 0.0;
    auto next = Clock::now();
    for (int pos = 0; pos < length; pos += kBlock)
    {
        std::this_thread::sleep_until(next);
        const auto start = Clock::now();
        if (start - next > period)
            ++latePeriods;
        for (int i = 0; i < kInstances; ++i)
        {
            juce::AudioBuffer<float> view(outputs[static_cast<std::size_t>(i)].getArrayOfWritePointers(), 2,
                                          pos, kBlock);
            instances[static_cast<std::size_t>(i)]->processBlock(view, midi);
        }
        const auto end = Clock::now();
        worstShare = std::max(worstShare, std::chrono::duration<double>(end - start) / period);
        next = std::max(next + period, start);
    }
    WARN(kInstances << " instances, " << length / kBlock << " periods of " << kBlock
                    << " samples; the audio thread's "
                    << "slowest period took " << 100.0 * worstShare << " % of it; it woke over a period late "
                    << latePeriods << " times");

    // A later stage's block that is not ready in time is left out: whole blocks of
    // the reverb would be missing, far above this threshold. Every instance must
    // match the render, tail included.
    int missed = 0;
    for (int i = 0; i < kInstances; ++i)
    {
        const auto expected =
            render(signals[static_cast<std::size_t>(i)], kRate, "concert-hall", {"--mix", "100"});
        const double null = nullDb(outputs[static_cast<std::size_t>(i)],
                                   instances[static_cast<std::size_t>(i)]->getLatencySamples(), expected, 0);
        if (null > -90.0)
        {
            ++missed;
            WARN("instance " << i << ": null against faltung-render " << null << " dB");
        }
    }
    CHECK(missed == 0);
}
