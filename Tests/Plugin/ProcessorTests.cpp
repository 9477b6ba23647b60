// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// The plugin's processor in-process: what a host sees of it, without a host.
#include "AudioFileIo.h"
#include "FactoryLibrary.h"
#include "IrEdits.h"
#include "PluginTestUtilities.h"
#include "TestFiles.h"
#include "UserPresets.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <limits>
#include <thread>

using namespace faltung;
using namespace faltung::test;

namespace
{
constexpr double kRate = 48000.0;
constexpr int kBlock = 256;

bool allFinite(const juce::AudioBuffer<float>& b)
{
    for (int c = 0; c < b.getNumChannels(); ++c)
        for (int i = 0; i < b.getNumSamples(); ++i)
            if (!std::isfinite(b.getSample(c, i)))
                return false;
    return true;
}

double maxDifference(const juce::AudioBuffer<float>& a, const juce::AudioBuffer<float>& b)
{
    double d = 0;
    for (int c = 0; c < juce::jmin(a.getNumChannels(), b.getNumChannels()); ++c)
        for (int i = 0; i < juce::jmin(a.getNumSamples(), b.getNumSamples()); ++i)
            d = std::max(d, static_cast<double>(std::abs(a.getSample(c, i) - b.getSample(c, i))));
    return d;
}
} // namespace

TEST_CASE("Out of the box the plugin plays a factory IR with no latency")
{
    juce::ScopedJuceInitialiser_GUI juce;
    FaltungProcessor p;
    p.prepareToPlay(kRate, kBlock);
    CHECK(p.loadedImpulseResponse().name == "Concert Hall");
    CHECK(p.impulseResponseError().empty());
    CHECK(p.getLatencySamples() == 0);
    CHECK(p.getTailLengthSeconds() == Approx(3.2).margin(0.01));

    // An impulse comes back with the dry part (mix 30 %) and a reverb tail.
    juce::AudioBuffer<float> impulse(2, 48000);
    impulse.clear();
    impulse.setSample(0, 0, 1.0f);
    impulse.setSample(1, 0, 1.0f);
    const auto out = processAll(p, impulse, kBlock);
    CHECK(allFinite(out));
    CHECK(out.getSample(0, 0) > 0.5f);
    CHECK(out.getRMSLevel(0, 4800, 43200) > 1e-4f);
    CHECK(out.getRMSLevel(1, 4800, 43200) > 1e-4f);
}

TEST_CASE("The parameters have stable IDs, units and ranges")
{
    juce::ScopedJuceInitialiser_GUI juce;
    FaltungProcessor p;
    const char* ids[] = {
        "mix",         "dryLevel",   "wetLevel",          "predelay",      "lowCut",         "highCut",
        "width",       "outputGain", "latencyMode",       "partitionSize", "bypass",         "irTrimStart",
        "irTrimEnd",   "irAutoTrim", "irStretch",         "irDecay",       "irReverse",      "irAttack",
        "irNormalise", "irGain",     "irTrueStereoOrder", "eqLowFreq",     "eqLowGain",      "eqBellFreq",
        "eqBellGain",  "eqBellQ",    "eqHighFreq",        "eqHighGain",    "duckAmount",     "duckThreshold",
        "duckRelease", "irSplit",    "irEarlyLevel",      "irLateLevel",   "irLatePredelay", "irDampLow",
        "irDampMid",   "irDampHigh", "irDampLowFreq",     "irDampHighFreq"};
    for (const char* id : ids)
    {
        CAPTURE(id);
        REQUIRE(p.parameters().getParameter(id) != nullptr);
    }
    CHECK(p.getParameters().size() == static_cast<int>(std::size(ids)));
    auto* predelay = p.parameters().getParameter("predelay");
    CHECK(predelay->getLabel() == "ms");
    CHECK(predelay->convertFrom0to1(1.0f) == 500.0f);
    CHECK(p.parameters().getParameter("lowCut")->getCurrentValueAsText() == "Off");
    CHECK(p.parameters().getParameter("highCut")->getCurrentValueAsText() == "Off");
    CHECK(p.parameters().getParameter("irSplit")->getCurrentValueAsText() == "Auto");
    CHECK(p.parameters().getParameter("irLateLevel")->getCurrentValueAsText() == "0.0");
    CHECK(p.getBypassParameter() == p.parameters().getParameter("bypass"));
}

TEST_CASE("Mono to mono, mono to stereo and stereo to stereo, not stereo to mono")
{
    juce::ScopedJuceInitialiser_GUI juce;
    FaltungProcessor p;
    using Set = juce::AudioChannelSet;
    auto layout = [](Set in, Set out)
    {
        juce::AudioProcessor::BusesLayout l;
        l.inputBuses.add(in);
        l.outputBuses.add(out);
        return l;
    };
    CHECK(p.checkBusesLayoutSupported(layout(Set::mono(), Set::mono())));
    CHECK(p.checkBusesLayoutSupported(layout(Set::mono(), Set::stereo())));
    CHECK(p.checkBusesLayoutSupported(layout(Set::stereo(), Set::stereo())));
    CHECK_FALSE(p.checkBusesLayoutSupported(layout(Set::stereo(), Set::mono())));
    CHECK_FALSE(p.checkBusesLayoutSupported(layout(Set::create5point1(), Set::create5point1())));

    // Mono in, stereo out plays the stereo IR on both sides.
    REQUIRE(p.setBusesLayout(layout(Set::mono(), Set::stereo())));
    p.prepareToPlay(kRate, kBlock);
    setParameter(p, params::mix, 100.0f);
    juce::AudioBuffer<float> impulse(1, 24000);
    impulse.clear();
    impulse.setSample(0, 0, 1.0f);
    const auto out = processAll(p, impulse, kBlock);
    CHECK(out.getRMSLevel(0, 0, 24000) > 1e-3f);
    CHECK(out.getRMSLevel(1, 0, 24000) > 1e-3f);
    double sideDifference = 0; // the IR's channels differ, so the outputs must too
    for (int i = 0; i < 24000; ++i)
        sideDifference = std::max(sideDifference,
                                  static_cast<double>(std::abs(out.getSample(0, i) - out.getSample(1, i))));
    CHECK(sideDifference > 1e-3);
}

TEST_CASE("The latency follows the latency mode and the partition size")
{
    juce::ScopedJuceInitialiser_GUI juce;
    FaltungProcessor p;
    p.prepareToPlay(kRate, kBlock);
    CHECK(p.getLatencySamples() == 0);

    setParameter(p, params::latencyMode, 1.0f); // efficient
    settle(p, kRate, kBlock);
    CHECK(p.getLatencySamples() == 256);

    setParameter(p, params::partitionSize, params::partitionStepValue(4)); // 1024
    settle(p, kRate, kBlock);
    CHECK(p.getLatencySamples() == 1024);

    // A new prepareToPlay builds at once with the current settings.
    p.prepareToPlay(96000.0, 64);
    CHECK(p.getLatencySamples() == 1024);
}

TEST_CASE("A new engine for new options reuses the IR as edited and resampled, without editing or analysing "
          "it again")
{
    juce::ScopedJuceInitialiser_GUI juce;
    FaltungProcessor p;
    setParameter(p, params::irStretch, 120.0f); // an edit that costs something to redo
    p.prepareToPlay(kRate, kBlock);
    settle(p, kRate, kBlock);
    const auto before = p.loadedImpulseResponse();
    REQUIRE(before.atRate != nullptr);

    setParameter(p, params::latencyMode, 1.0f);
    setParameter(p, params::partitionSize, params::partitionStepValue(5)); // 2048
    settle(p, kRate, kBlock);
    REQUIRE(p.getLatencySamples() == 2048); // a new engine plays
    const auto after = p.loadedImpulseResponse();
    CHECK(after.decoded == before.decoded);
    CHECK(after.edited == before.edited);
    CHECK(after.atRate == before.atRate);

    // An edit does redo the edit, not the decoding.
    setParameter(p, params::irReverse, 1.0f);
    settle(p, kRate, kBlock);
    const auto edited = p.loadedImpulseResponse();
    CHECK(edited.decoded == before.decoded);
    CHECK(edited.edited != before.edited);
}

TEST_CASE("Bypass gives the input back, still delayed by the latency")
{
    juce::ScopedJuceInitialiser_GUI juce;
    FaltungProcessor p;
    setParameter(p, params::latencyMode, 1.0f);
    setParameter(p, params::bypass, 1.0f);
    p.prepareToPlay(kRate, kBlock);
    REQUIRE(p.getLatencySamples() == 256);
    const auto in = noiseBuffer(2, 8192, 1);
    const auto out = processAll(p, in, 100);
    for (int c = 0; c < 2; ++c)
        for (int i = 0; i < 8192; ++i)
            REQUIRE(out.getSample(c, i) == (i < 256 ? 0.0f : in.getSample(c, i - 256)));
}

TEST_CASE("A file IR loads in the background, a bad file is reported and the old IR keeps playing")
{
    juce::ScopedJuceInitialiser_GUI juce;
    ScratchFolder folder;
    AudioData room;
    room.sampleRate = 44100.0; // resampled to the session rate on load
    room.channels = randomSignal(4, 22050, 2, 0.1f);
    writeWavFile(folder.file("room.wav"), room, WavSampleFormat::float32);

    FaltungProcessor p;
    p.prepareToPlay(kRate, kBlock);
    p.loadImpulseResponse(IrSource::fromFile(folder.file("room.wav")));
    settle(p, kRate, kBlock);
    CHECK(p.loadedImpulseResponse().name == "room.wav");
    CHECK(p.loadedImpulseResponse().decoded->numChannels() == 4);
    CHECK(p.getTailLengthSeconds() == Approx(0.5).margin(0.001));

    p.loadImpulseResponse(IrSource::fromFile(folder.writeText("notes.wav", "not audio")));
    settle(p, kRate, kBlock);
    CHECK_THAT(p.impulseResponseError(), Catch::Contains("notes.wav: not a recognised audio file"));
    CHECK_FALSE(p.impulseResponseFileMissing()); // a bad file is not one to relink
    CHECK(p.loadedImpulseResponse().name == "room.wav");
    const auto out = processAll(p, noiseBuffer(2, 4800, 3), kBlock);
    CHECK(allFinite(out));
    CHECK(out.getRMSLevel(0, 0, 4800) > 1e-3f);
}

TEST_CASE("State round-trips the parameters and the IR, and sounds the same")
{
    juce::ScopedJuceInitialiser_GUI juce;
    juce::MemoryBlock state;
    juce::AudioBuffer<float> first;
    const auto in = noiseBuffer(2, 48000, 4);
    {
        FaltungProcessor p;
        setParameter(p, params::mix, 55.0f);
        setParameter(p, params::predelay, 20.0f);
        setParameter(p, params::highCut, 6000.0f);
        setParameter(p, params::width, 150.0f);
        setParameter(p, params::latencyMode, 1.0f);
        p.loadImpulseResponse(IrSource::factory("plate"));
        p.setNonRealtime(true); // compared sample for sample: rendered whole, as a bounce is
        p.prepareToPlay(kRate, kBlock);
        first = processAll(p, in, kBlock);
        p.getStateInformation(state);
    }
    FaltungProcessor restored;
    restored.setStateInformation(state.getData(), static_cast<int>(state.getSize()));
    restored.setNonRealtime(true);
    restored.prepareToPlay(kRate, kBlock);
    CHECK(parameterValue(restored, params::mix) == Approx(55.0f));
    CHECK(parameterValue(restored, params::predelay) == Approx(20.0f));
    CHECK(parameterValue(restored, params::width) == Approx(150.0f));
    CHECK(restored.requestedImpulseResponse() == IrSource::factory("plate"));
    CHECK(restored.loadedImpulseResponse().name == "Plate");
    CHECK(restored.getLatencySamples() == 256);
    CHECK(maxDifference(first, processAll(restored, in, kBlock)) == 0.0);

    juce::MemoryBlock again;
    restored.getStateInformation(again);
    CHECK(again == state);
}

// A host that loads a session and saves it again must write what it read, whatever
// the plugin held before: a value restored goes through the parameter's normalised
// 0..1 form, and must come back out of it as the same number.
TEST_CASE("A restored state is saved back byte for byte, whatever each parameter held before")
{
    juce::ScopedJuceInitialiser_GUI juce;
    FaltungProcessor source, restored;
    auto restoresAsSaved = [&]
    {
        juce::MemoryBlock saved, again;
        source.getStateInformation(saved);
        restored.setStateInformation(saved.getData(), static_cast<int>(saved.getSize()));
        restored.getStateInformation(again);
        return again == saved;
    };

    SECTION("Each factory program, restored over another")
    {
        // Presets set plain values (a 120 Hz low cut), which the parameter holds
        // as the nearest value its normalised form can give.
        const int programs = source.getNumPrograms();
        for (int program = 0; program < programs; ++program)
        {
            CAPTURE(source.getProgramName(program));
            source.setCurrentProgram(program);
            restored.setCurrentProgram((program + 1) % programs);
            CHECK(restoresAsSaved());
        }
    }

    SECTION("Each parameter anywhere on its control, restored over another value")
    {
        constexpr int kSteps = 64;
        for (const auto* spec : params::kParameters)
        {
            CAPTURE(spec->id);
            auto* parameter = source.parameters().getParameter(spec->id);
            auto* target = restored.parameters().getParameter(spec->id);
            const auto& range = parameter->getNormalisableRange();
            for (int k = 0; k <= 2 * kSteps + 1; ++k)
            {
                // As a host automates it (a normalised value), or as the editor's text
                // box sets it (a plain value, spread evenly from one end to the other).
                const float position = static_cast<float>(k / 2) / kSteps;
                const float plain = range.start + (range.end - range.start) * position;
                parameter->setValueNotifyingHost(k % 2 == 0 ? position : range.convertTo0to1(plain));
                target->setValueNotifyingHost(static_cast<float>((k * 37 + 11) % (kSteps + 1)) / kSteps);
                CAPTURE(k, parameter->convertFrom0to1(parameter->getValue()));
                CHECK(restoresAsSaved());
            }
            parameter->setValueNotifyingHost(parameter->getDefaultValue());
        }
    }
}

TEST_CASE("State that is not ours, or damaged, changes nothing")
{
    juce::ScopedJuceInitialiser_GUI juce;
    FaltungProcessor p;
    setParameter(p, params::mix, 42.0f);
    const char junk[] = "definitely not a plugin state";
    p.setStateInformation(junk, sizeof junk);
    p.setStateInformation(nullptr, 0);
    CHECK(parameterValue(p, params::mix) == Approx(42.0f));
    CHECK(p.requestedImpulseResponse() == IrSource::factory("concert-hall"));
}

TEST_CASE("Offline, a bounce waits for an IR still loading")
{
    juce::ScopedJuceInitialiser_GUI juce;
    FaltungProcessor p;
    p.prepareToPlay(kRate, kBlock);
    p.setNonRealtime(true);
    p.loadImpulseResponse(IrSource::factory("cathedral"));
    juce::AudioBuffer<float> block(2, kBlock);
    block.clear();
    juce::MidiBuffer midi;
    p.processBlock(block, midi);
    CHECK_FALSE(p.isLoadingImpulseResponse());
    CHECK(p.loadedImpulseResponse().name == "Cathedral");
}

TEST_CASE("Factory presets are the programs, and one chosen off the message thread is applied by the timer")
{
    juce::ScopedJuceInitialiser_GUI juce;
    FaltungProcessor p;
    p.prepareToPlay(kRate, kBlock);
    REQUIRE(p.getNumPrograms() == 8);
    CHECK(p.getProgramName(p.getCurrentProgram()) == "Concert Hall");

    p.setCurrentProgram(5); // on the message thread: at once
    CHECK(p.getProgramName(5) == "Plate");
    CHECK(p.requestedImpulseResponse() == IrSource::factory("plate"));
    CHECK(parameterValue(p, params::predelay) == Approx(15.0f));
    CHECK(parameterValue(p, params::parameterId(params::spec::duckAmount)) == Approx(6.0f)); // a vocal plate
    setParameter(p, params::parameterId(params::spec::eqBellGain), 5.0f);
    p.setCurrentProgram(4);
    CHECK(p.getProgramName(4) == "Cathedral");
    CHECK(parameterValue(p, params::parameterId(params::spec::irDampHigh)) == Approx(70.0f));
    CHECK(parameterValue(p, params::parameterId(params::spec::irLatePredelay)) == Approx(20.0f));
    setParameter(p, params::parameterId(params::spec::irDampMid), 150.0f);
    setParameter(p, params::parameterId(params::spec::irSplit), 120.0f);
    p.setCurrentProgram(5);
    CHECK(parameterValue(p, params::parameterId(params::spec::duckAmount)) == Approx(6.0f));
    setParameter(p, params::parameterId(params::spec::eqBellGain), 5.0f);

    std::thread([&] { p.setCurrentProgram(7); }).join(); // as a host's audio thread would
    CHECK(p.getCurrentProgram() == 7);
    CHECK(p.requestedImpulseResponse() == IrSource::factory("plate"));
    p.updateEngineAndLatency();
    CHECK(p.requestedImpulseResponse() == IrSource::factory("cabinet"));
    CHECK(parameterValue(p, params::mix) == Approx(100.0f));
    // A program sets the EQ and the ducking whole: nothing is left of the plate's or the user's.
    CHECK(parameterValue(p, params::parameterId(params::spec::duckAmount)) == 0.0f);
    CHECK(parameterValue(p, params::parameterId(params::spec::eqBellGain)) == 0.0f);
    // And the IR's parts and damping: the cathedral's and the user's are gone too.
    for (const auto* spec :
         {&params::spec::irSplit, &params::spec::irEarlyLevel, &params::spec::irLateLevel,
          &params::spec::irLatePredelay, &params::spec::irDampLow, &params::spec::irDampMid,
          &params::spec::irDampHigh, &params::spec::irDampLowCrossover, &params::spec::irDampHighCrossover})
    {
        CAPTURE(spec->id);
        CHECK(parameterValue(p, params::parameterId(*spec)) == spec->defaultValue);
    }
    settle(p, kRate, kBlock);
    CHECK(p.loadedImpulseResponse().name == "Guitar Cabinet");
}

TEST_CASE("IR edits rebuild the kernel once the control rests, and play exactly as applyEdits says")
{
    juce::ScopedJuceInitialiser_GUI juce;
    FaltungProcessor p;
    p.loadImpulseResponse(IrSource::factory("small-room"));
    setParameter(p, params::mix, 100.0f);
    p.prepareToPlay(kRate, kBlock);

    // A drag: many values in quick succession, then rest.
    for (float stretch = 100.0f; stretch <= 150.0f; stretch += 5.0f)
    {
        setParameter(p, params::irStretch, stretch);
        setParameter(p, params::irReverse, 1.0f);
        p.updateEngineAndLatency();
    }
    CHECK(p.isLoadingImpulseResponse()); // waiting for the control to rest
    settle(p, kRate, kBlock);
    const auto info = p.loadedImpulseResponse();
    REQUIRE(info.edited != nullptr);

    IrEdits expected;
    expected.stretch = 1.5;
    expected.reverse = true;
    const auto reference = applyEdits(factory::loadFactoryImpulseResponse("small-room"), expected);
    CHECK(info.edited->channels == reference.channels);
    CHECK(info.analysis.lengthSeconds == Approx(reference.seconds()));
    CHECK(p.getTailLengthSeconds() == Approx(reference.seconds()).margin(0.001));
}

TEST_CASE("Every kind of bad IR file is reported while the IR that was playing keeps playing")
{
    juce::ScopedJuceInitialiser_GUI juce;
    ScratchFolder folder;
    auto write = [&](const char* name, int channels, int length, double rate, float special = 0.0f)
    {
        AudioData a;
        a.sampleRate = rate;
        a.channels = randomSignal(channels, length, 9, 0.1f);
        if (special != 0.0f)
            a.channels[0][static_cast<std::size_t>(length / 2)] = special;
        writeWavFile(folder.file(name), a, WavSampleFormat::float32);
        return folder.file(name);
    };
    std::string truncated;
    {
        const auto whole = write("whole.wav", 1, 1000, kRate);
        std::ifstream in(whole, std::ios::binary);
        const std::string bytes((std::istreambuf_iterator<char>(in)), {});
        truncated = folder.writeText("truncated.wav", bytes.substr(0, 40));
    }
    const std::pair<std::string, const char*> cases[] = {
        {folder.writeText("text.wav", "not audio"), "not a recognised audio file"},
        {truncated, "cut off"},
        {write("empty.wav", 1, 0, kRate), "no audio"},
        {write("nan.wav", 2, 1000, kRate, std::numeric_limits<float>::quiet_NaN()), "NaN or infinite"},
        {write("inf.wav", 2, 1000, kRate, std::numeric_limits<float>::infinity()), "NaN or infinite"},
        {write("huge.wav", 2, 1000, kRate, 3.0e38f), "far beyond any impulse response"},
        {write("five.wav", 5, 1000, kRate), "has 5 channels"},
        {write("long.wav", 1, 61 * 8000, 8000.0), "limited to 60 s"},
        {folder.path().string(), "is a folder"},
        {folder.file("absent.wav"), "no such file"},
    };

    FaltungProcessor p;
    setParameter(p, params::mix, 100.0f);
    p.setNonRealtime(true); // compared sample for sample: rendered whole, as a bounce is
    p.prepareToPlay(kRate, kBlock);
    const auto in = noiseBuffer(2, 12000, 10);
    settle(p, kRate, kBlock);
    p.reset();
    const auto before = processAll(p, in, kBlock);
    for (const auto& [path, reason] : cases)
    {
        CAPTURE(path);
        p.loadImpulseResponse(IrSource::fromFile(path));
        settle(p, kRate, kBlock);
        CHECK_THAT(p.impulseResponseError(), Catch::Contains(reason));
        CHECK(p.loadedImpulseResponse().name == "Concert Hall");
        p.reset(); // the reverb's history, as it was before the first run
        const auto after = processAll(p, in, kBlock);
        for (int c = 0; c < 2; ++c)
            for (int i = 0; i < in.getNumSamples(); ++i)
                REQUIRE(after.getSample(c, i) == Approx(before.getSample(c, i)).margin(1e-6));
    }
}

TEST_CASE("User presets save and load every setting and the IR")
{
    juce::ScopedJuceInitialiser_GUI juce;
    ScratchFolder folder;
    setenv("FALTUNG_PRESET_FOLDER", (folder.path() / "presets").c_str(), 1);
    FaltungProcessor p;
    p.prepareToPlay(kRate, kBlock);
    setParameter(p, params::predelay, 42.0f);
    setParameter(p, params::irStretch, 130.0f);
    p.loadImpulseResponse(IrSource::factory("spring"));
    settle(p, kRate, kBlock);

    juce::String error;
    const auto file = presets::save(p, "Wet / Springy: 1", error);
    REQUIRE(file.existsAsFile());
    CHECK(error.isEmpty());
    CHECK(file.getFileName() == "Wet  Springy 1.faltungpreset"); // made safe as a file name
    REQUIRE(presets::list().size() == 1);

    setParameter(p, params::predelay, 0.0f);
    p.loadImpulseResponse(IrSource::factory("plate"));
    REQUIRE(presets::load(p, presets::list().front(), error));
    settle(p, kRate, kBlock);
    CHECK(parameterValue(p, params::predelay) == Approx(42.0f));
    CHECK(parameterValue(p, params::irStretch) == Approx(130.0f));
    CHECK(p.loadedImpulseResponse().name == "Spring");

    CHECK_FALSE(presets::load(p, juce::File(folder.writeText("junk.faltungpreset", "<nope/>")), error));
    CHECK(error.contains("is not a Faltung preset"));
    CHECK(presets::save(p, "   ", error) == juce::File());
    unsetenv("FALTUNG_PRESET_FOLDER");
}

TEST_CASE("A/B compare switches between two complete settings")
{
    juce::ScopedJuceInitialiser_GUI juce;
    FaltungProcessor p;
    p.prepareToPlay(kRate, kBlock);
    setParameter(p, params::mix, 20.0f);
    CHECK(p.abSlot() == 0);

    p.selectAbSlot(1); // B starts as a copy of A
    CHECK(p.abSlot() == 1);
    CHECK(parameterValue(p, params::mix) == Approx(20.0f));
    setParameter(p, params::mix, 80.0f);
    p.loadImpulseResponse(IrSource::factory("cathedral"));

    p.selectAbSlot(0);
    CHECK(parameterValue(p, params::mix) == Approx(20.0f));
    CHECK(p.requestedImpulseResponse() == IrSource::factory("concert-hall"));
    p.selectAbSlot(1);
    CHECK(parameterValue(p, params::mix) == Approx(80.0f));
    CHECK(p.requestedImpulseResponse() == IrSource::factory("cathedral"));

    p.copyCurrentToOtherAbSlot(); // A becomes B
    p.selectAbSlot(0);
    CHECK(parameterValue(p, params::mix) == Approx(80.0f));
}

TEST_CASE(
    "The early, late and damping controls, automated with a 1 Hz square wave over their range, never click")
{
    juce::ScopedJuceInitialiser_GUI juce;
    // Three tones through the reverb alone. Offline, so that each change's new kernel
    // is built before the next block (in real time it comes a moment later, through
    // the same crossfade).
    constexpr int kLength = 96000;
    juce::AudioBuffer<float> tones(2, kLength);
    for (int i = 0; i < kLength; ++i)
    {
        const double t = i / kRate;
        const auto x =
            static_cast<float>(0.2 * (std::sin(2 * M_PI * 100.0 * t) + std::sin(2 * M_PI * 1000.0 * t) +
                                      std::sin(2 * M_PI * 6000.0 * t)));
        tones.setSample(0, i, x);
        tones.setSample(1, i, x);
    }
    const params::ParameterSpec* controls[] = {
        &params::spec::irSplit,        &params::spec::irEarlyLevel,       &params::spec::irLateLevel,
        &params::spec::irLatePredelay, &params::spec::irDampLow,          &params::spec::irDampMid,
        &params::spec::irDampHigh,     &params::spec::irDampLowCrossover, &params::spec::irDampHighCrossover};

    const auto largestStep = [](const juce::AudioBuffer<float>& b)
    {
        double step = 0.0;
        for (int c = 0; c < b.getNumChannels(); ++c)
            for (int i = 4800 + 1; i < b.getNumSamples(); ++i) // from 0.1 s: after the reverb's onset
                step =
                    std::max(step, static_cast<double>(std::abs(b.getSample(c, i) - b.getSample(c, i - 1))));
        return step;
    };
    const auto render = [&](const params::ParameterSpec& control, float value, bool automate)
    {
        FaltungProcessor p;
        p.loadImpulseResponse(IrSource::factory("small-room"));
        setParameter(p, params::mix, 100.0f);
        // The others set so that each control is heard.
        setParameter(p, params::parameterId(params::spec::irLateLevel), -6.0f);
        setParameter(p, params::parameterId(params::spec::irDampLow), 50.0f);
        setParameter(p, params::parameterId(params::spec::irDampHigh), 160.0f);
        setParameter(p, params::parameterId(control), value);
        p.prepareToPlay(kRate, kBlock);
        p.setNonRealtime(true);
        settle(p, kRate, kBlock);
        juce::AudioBuffer<float> out(tones);
        juce::MidiBuffer midi;
        for (int pos = 0; pos < kLength; pos += kBlock)
        {
            if (automate) // flips every 0.5 s; the editor's timer would then ask for the new kernel
            {
                setParameter(p, params::parameterId(control),
                             (pos / 24000) % 2 == 0 ? control.min : control.max);
                p.updateEngineAndLatency();
            }
            juce::AudioBuffer<float> view(out.getArrayOfWritePointers(), 2, pos,
                                          juce::jmin(kBlock, kLength - pos));
            p.processBlock(view, midi);
        }
        return out;
    };
    for (const auto* control : controls)
    {
        const double own = std::max(largestStep(render(*control, control->min, false)),
                                    largestStep(render(*control, control->max, false)));
        const double automated = largestStep(render(*control, control->min, true));
        // Between the kernels the outputs sum with other gains and phases, so a step
        // may exceed both ends' by a hair; a switch without a crossfade jumps by many
        // times the signal's step.
        INFO(control->id << ": largest step " << automated << " automated, " << own
                         << " at either end alone");
        CHECK(automated <= 1.05 * own);
    }
}
