// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// The built VST3 and LV2 loaded through JUCE's plugin hosting, as a DAW would:
// parameters, latency, audio at several rates with block sizes changing on every
// call, parameters and IRs changed while audio runs, and state. The audio must
// match faltung-render on the same input and IR.
#include "HostTestSupport.h"
#include "RunCommand.h"
#include "TestFiles.h"

#include <catch2/catch.hpp>
#include <juce_audio_formats/juce_audio_formats.h>
#include <juce_audio_processors/juce_audio_processors.h>

#include <random>
#include <thread>

using namespace faltung::test;

namespace
{
using Format = PluginFormat;

const char* name(Format f)
{
    return formatName(f);
}
} // namespace

TEST_CASE("The plugin loads, lists its parameters with units and reports its latency")
{
    juce::ScopedJuceInitialiser_GUI juce;
    for (auto format : {Format::vst3, Format::lv2})
    {
        CAPTURE(name(format));
        auto p = load(format, 48000.0, 512);
        CHECK(p->getName() == "Faltung");
        juce::StringArray names;
        for (auto* parameter : p->getParameters())
            names.add(parameter->getName(64));
        for (const char* expected : {"Mix", "Dry Level", "Wet Level", "Predelay", "Low Cut", "High Cut",
                                     "Width", "Output Gain", "Latency Mode", "Partition Size", "Bypass"})
            CHECK(names.contains(expected));
        CHECK(parameter(*p, "Mix")->getText(parameter(*p, "Mix")->getValue(), 16).startsWith("30"));
        CHECK(p->getLatencySamples() == 0);
        CHECK(p->getNumPrograms() == 8);
        CHECK(p->getProgramName(programIndex(*p, "Plate")) == "Plate");
        if (format == Format::vst3) // JUCE's LV2 wrapper exports neither units nor a tail time
        {
            CHECK(parameter(*p, "Predelay")->getLabel() == "ms");
            CHECK(p->getTailLengthSeconds() > 3.0);
        }

        parameter(*p, "Latency Mode")->setValueNotifyingHost(1.0f); // efficient
        pump(*p, 500, 512);
        CHECK(p->getLatencySamples() == 256);
    }
}

TEST_CASE("A host reads the project's version from the VST3 and from the LV2")
{
    juce::ScopedJuceInitialiser_GUI juce;
    const juce::String project = FALTUNG_PROJECT_VERSION;
    const auto vst3 = describePlugin(Format::vst3);
    const auto lv2 = describePlugin(Format::lv2);
    CHECK(vst3.version == project);
    CHECK(lv2.version == project);
    CHECK(lv2.version == vst3.version);

    // The bundle itself: the release, and LV2's own minor and micro version, which
    // JUCE's LV2 client takes from the last two numbers of the version.
    const auto bundle = readLv2Version();
    CHECK(bundle.release == project.toStdString());
    const auto numbers = juce::StringArray::fromTokens(project, ".", "");
    REQUIRE(numbers.size() == 3);
    CHECK(bundle.minor == numbers[1].getIntValue());
    CHECK(bundle.micro == numbers[2].getIntValue());
}

TEST_CASE("The audio matches faltung-render at 44.1, 48 and 96 kHz with block sizes from 1 to 4096")
{
    juce::ScopedJuceInitialiser_GUI juce;
    for (auto format : {Format::vst3, Format::lv2})
        for (double rate : {44100.0, 48000.0, 96000.0})
        {
            CAPTURE(name(format), rate);
            auto p = load(format, rate, 4096);
            parameter(*p, "Mix")->setValueNotifyingHost(1.0f);
            pump(*p, 100, 512); // the mix glides to 100 % on silence, so the comparison starts settled

            const auto signal = noise(static_cast<int>(rate / 2), 1);
            const auto out = run(*p, withSilenceAfter(signal, static_cast<int>(rate)), 4096, 2);
            const auto expected = render(signal, rate, "concert-hall", {"--mix", "100"});
            const double null = nullDb(out, p->getLatencySamples(), expected, 0);
            WARN(name(format) << " at " << rate << " Hz: null against faltung-render " << null << " dB");
            CHECK(null < -90.0);
        }
}

TEST_CASE("With every control and IR edit set, the VST3 matches faltung-render given the same options")
{
    juce::ScopedJuceInitialiser_GUI juce;
    auto p = load(Format::vst3, 48000.0, 512);
    // Set as a user types values into the host's parameter fields.
    const std::pair<const char*, const char*> settings[] = {
        {"Mix", "60"},           {"Dry Level", "-3"},    {"Wet Level", "2"},    {"Predelay", "30"},
        {"Low Cut", "200"},      {"High Cut", "8000"},   {"Width", "150"},      {"Output Gain", "-2"},
        {"IR Trim Start", "20"}, {"IR Trim End", "500"}, {"IR Stretch", "150"}, {"IR Decay", "60"},
        {"IR Reverse", "1"},     {"IR Attack", "10"},    {"IR Gain", "0"},
    };
    for (const auto& [name, text] : settings)
    {
        auto* parameter = ::parameter(*p, name);
        parameter->setValueNotifyingHost(parameter->getValueForText(text));
    }
    pump(*p, 1500, 512); // the edits rest, the kernel is rebuilt and crossfaded in, the controls glide

    const auto signal = noise(24000, 11);
    // Reversed and stretched, the IR rises to its loudest about 4 s in.
    const auto out = run(*p, withSilenceAfter(signal, 5 * 48000), 512, 12);
    const auto expected =
        render(signal, 48000.0, "concert-hall",
               {"--mix",  "60",        "--dry",        "-3",         "--wet",      "2",       "--predelay",
                "30",     "--low-cut", "200",          "--high-cut", "8000",       "--width", "150",
                "--gain", "-2",        "--trim-start", "20",         "--trim-end", "500",     "--stretch",
                "150",    "--decay",   "60",           "--reverse",  "--attack",   "10"});
    // The comparison covers the reverb alone too: after the input stops, the tail
    // must be there, and match.
    CHECK(expected.getRMSLevel(0, 150000, 48000) > 1e-2f);
    const double null = nullDb(out, p->getLatencySamples(), expected, 0);
    const double tailNull = nullDb(out, p->getLatencySamples(), expected, 150000);
    WARN("VST3 with every control and edit set: null against faltung-render " << null << " dB, tail alone "
                                                                              << tailNull << " dB");
    CHECK(null < -90.0);
    CHECK(tailNull < -90.0);
}

TEST_CASE("Parameters changed on every block while audio runs keep the output finite and bounded")
{
    juce::ScopedJuceInitialiser_GUI juce;
    for (auto format : {Format::vst3, Format::lv2})
    {
        CAPTURE(name(format));
        auto p = load(format, 48000.0, 1024);
        std::mt19937 rng(3);
        std::uniform_real_distribution<float> unit(0.0f, 1.0f);
        const auto out = run(*p, noise(96000, 4), 1024, 5,
                             [&](int)
                             {
                                 for (const char* n : {"Mix", "Dry Level", "Wet Level", "Predelay", "Low Cut",
                                                       "High Cut", "Width", "Output Gain"})
                                     parameter(*p, n)->setValueNotifyingHost(unit(rng));
                             });
        for (int c = 0; c < 2; ++c)
            for (int i = 0; i < out.getNumSamples(); ++i)
            {
                REQUIRE(std::isfinite(out.getSample(c, i)));
                REQUIRE(std::abs(out.getSample(c, i)) < 20.0f);
            }
    }
}

TEST_CASE("An IR swapped while audio runs crossfades in and then plays exactly")
{
    juce::ScopedJuceInitialiser_GUI juce;
    for (auto format : {Format::vst3, Format::lv2})
    {
        CAPTURE(name(format));
        auto p = load(format, 48000.0, 512);
        parameter(*p, "Mix")->setValueNotifyingHost(1.0f);
        pump(*p, 100, 512);

        // The Guitar Cabinet program loads the cabinet IR (30 ms long) at 100 % wet:
        // once it has played for longer than that plus the crossfade, the output is
        // the render's.
        p->setCurrentProgram(programIndex(*p, "Guitar Cabinet"));
        const auto signal = noise(48000, 6);
        juce::AudioBuffer<float> out;
        for (int attempt = 0; attempt < 20; ++attempt) // the load runs in the background
        {
            out = run(*p, signal, 512, 7);
            const auto expected = render(signal, 48000.0, "cabinet", {"--mix", "100"});
            if (nullDb(out, p->getLatencySamples(), expected, 9600) < -90.0)
                break;
        }
        const auto expected = render(signal, 48000.0, "cabinet", {"--mix", "100"});
        const double null = nullDb(out, p->getLatencySamples(), expected, 9600);
        WARN(name(format) << ": after an IR swap, null against faltung-render " << null << " dB");
        CHECK(null < -90.0);
    }
}

TEST_CASE("State round-trips through the host, byte for byte")
{
    juce::ScopedJuceInitialiser_GUI juce;
    for (auto format : {Format::vst3, Format::lv2})
    {
        CAPTURE(name(format));
        auto a = load(format, 48000.0, 512);
        a->setCurrentProgram(programIndex(*a, "Plate"));
        pump(*a, 200, 512);
        parameter(*a, "Mix")->setValueNotifyingHost(0.25f);
        parameter(*a, "Width")->setValueNotifyingHost(0.8f);
        pump(*a, 50, 512);
        juce::MemoryBlock state;
        a->getStateInformation(state);

        auto b = load(format, 48000.0, 512);
        b->setStateInformation(state.getData(), static_cast<int>(state.getSize()));
        pump(*b, 50, 512);
        CHECK(parameter(*b, "Mix")->getValue() == Approx(0.25f).margin(1e-3));
        CHECK(parameter(*b, "Width")->getValue() == Approx(0.8f).margin(1e-3));
        if (format == Format::vst3) // JUCE's LV2 host only knows the program it set itself
            CHECK(b->getCurrentProgram() == programIndex(*b, "Plate"));
        juce::MemoryBlock again;
        b->getStateInformation(again);
        CHECK(again == state);

        // Both have heard only silence so far: the same input must give the same output.
        pump(*a, 200, 512);
        pump(*b, 200, 512);
        const auto signal = noise(24000, 8);
        const auto fromA = run(*a, signal, 512, 9);
        const auto fromB = run(*b, signal, 512, 9);
        CHECK(nullDb(fromB, 0, fromA, 0) < -120.0);
    }
}
