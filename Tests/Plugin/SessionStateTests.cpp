// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// Sessions that travel: saved on one machine, opened on another or after the IR
// files have moved, or with the IR file gone.
#include "AudioFileIo.h"
#include "IrEdits.h"
#include "PluginTestUtilities.h"
#include "TestFiles.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>

using namespace faltung;
using namespace faltung::test;
namespace fs = std::filesystem;

namespace
{
constexpr double kRate = 48000.0;
constexpr int kBlock = 256;

// A scratch IR folder that FaltungProcessor uses while the object lives.
struct IrFolder
{
    ScratchFolder scratch;
    IrFolder() { setenv("FALTUNG_IR_FOLDER", scratch.path().c_str(), 1); }
    ~IrFolder() { unsetenv("FALTUNG_IR_FOLDER"); }
    std::string writeIr(const std::string& relative, int channels, unsigned seed)
    {
        const auto path = scratch.path() / relative;
        fs::create_directories(path.parent_path());
        AudioData a;
        a.sampleRate = kRate;
        a.channels = randomSignal(channels, 12000, seed, 0.1f);
        writeWavFile(path.string(), a, WavSampleFormat::float32);
        return path.string();
    }
};

juce::MemoryBlock stateOf(FaltungProcessor& p)
{
    juce::MemoryBlock m;
    p.getStateInformation(m);
    return m;
}

std::unique_ptr<juce::XmlElement> xmlOf(const juce::MemoryBlock& state)
{
    return juce::AudioProcessor::getXmlFromBinary(state.getData(), static_cast<int>(state.getSize()));
}

// A restored instance, prepared and settled.
std::unique_ptr<FaltungProcessor> restore(const juce::MemoryBlock& state)
{
    auto p = std::make_unique<FaltungProcessor>();
    p->setStateInformation(state.getData(), static_cast<int>(state.getSize()));
    p->prepareToPlay(kRate, kBlock);
    settle(*p, kRate, kBlock);
    return p;
}

double outputRms(FaltungProcessor& p)
{
    const auto out = processAll(p, noiseBuffer(2, 24000, 5), kBlock);
    return out.getRMSLevel(0, 0, 24000);
}
} // namespace

TEST_CASE("A file IR is saved with its path, its place in the IR folder, its size and hash")
{
    juce::ScopedJuceInitialiser_GUI juce;
    IrFolder folder;
    const auto path = folder.writeIr("rooms/hall.wav", 2, 1);
    FaltungProcessor p;
    p.prepareToPlay(kRate, kBlock);
    p.loadImpulseResponse(IrSource::fromFile(path));
    settle(p, kRate, kBlock);

    const auto xml = xmlOf(stateOf(p));
    REQUIRE(xml != nullptr);
    CHECK(xml->getIntAttribute("version") == 3);
    const auto* ir = xml->getChildByName("IrSource");
    REQUIRE(ir != nullptr);
    CHECK(ir->getStringAttribute("kind") == "file");
    CHECK(ir->getStringAttribute("filePath") == juce::String(path));
    CHECK(ir->getStringAttribute("relativePath") == "rooms/hall.wav");
    CHECK(ir->getStringAttribute("hash").length() == 16);
    CHECK(ir->getIntAttribute("size") == static_cast<int>(fs::file_size(path)));
    CHECK_FALSE(ir->hasAttribute("embedded"));
}

TEST_CASE("A moved IR file is found again in the IR folder: by its relative path, then by its content")
{
    juce::ScopedJuceInitialiser_GUI juce;
    IrFolder folder;
    const auto path = folder.writeIr("rooms/hall.wav", 2, 2);
    juce::MemoryBlock state;
    double original = 0;
    {
        FaltungProcessor p;
        setParameter(p, params::mix, 100.0f);
        setParameter(p, params::predelay, 33.0f);
        p.prepareToPlay(kRate, kBlock);
        p.loadImpulseResponse(IrSource::fromFile(path));
        settle(p, kRate, kBlock);
        original = outputRms(p);
        state = stateOf(p);
    }

    // Renamed and moved elsewhere in the IR folder: found by size and hash.
    fs::create_directories(folder.scratch.path() / "archive");
    fs::rename(path, folder.scratch.path() / "archive" / "old hall.wav");
    auto p = restore(state);
    CHECK(p->impulseResponseError().empty());
    CHECK_THAT(p->loadedImpulseResponse().note,
               Catch::Contains("relinked") && Catch::Contains("old hall.wav"));
    CHECK(parameterValue(*p, params::predelay) == Approx(33.0f));
    CHECK(outputRms(*p) == Approx(original).epsilon(1e-6));

    // Saved again, the session points at the new place.
    const auto xml = xmlOf(stateOf(*p));
    CHECK(xml->getChildByName("IrSource")->getStringAttribute("relativePath") == "archive/old hall.wav");
}

TEST_CASE("A missing IR keeps every setting, says which file is missing, and plays no other room")
{
    juce::ScopedJuceInitialiser_GUI juce;
    IrFolder folder;
    const auto path = folder.writeIr("gone.wav", 2, 3);
    juce::MemoryBlock state;
    {
        FaltungProcessor p;
        setParameter(p, params::mix, 100.0f);
        setParameter(p, params::width, 140.0f);
        p.prepareToPlay(kRate, kBlock);
        p.loadImpulseResponse(IrSource::fromFile(path));
        settle(p, kRate, kBlock);
        state = stateOf(p);
    }
    fs::remove(path);

    auto p = restore(state);
    CHECK_THAT(p->impulseResponseError(), Catch::Contains("gone.wav") && Catch::Contains("is missing"));
    CHECK(p->impulseResponseFileMissing()); // the editor offers to relink it
    CHECK(parameterValue(*p, params::width) == Approx(140.0f));
    CHECK(outputRms(*p) == 0.0f); // fully wet, and no IR: silence, not the default room

    // Saving the session again keeps the reference to the missing file.
    const auto xml = xmlOf(stateOf(*p));
    CHECK(xml->getChildByName("IrSource")->getStringAttribute("filePath") == juce::String(path));
    CHECK(xml->getChildByName("IrSource")->getStringAttribute("hash").length() == 16);
}

TEST_CASE("A session with the IR embedded plays without the file")
{
    juce::ScopedJuceInitialiser_GUI juce;
    IrFolder folder;
    const auto path = folder.writeIr("private.wav", 4, 4);
    juce::MemoryBlock state;
    juce::AudioBuffer<float> original;
    const auto in = noiseBuffer(2, 24000, 6);
    {
        FaltungProcessor p;
        setParameter(p, params::mix, 100.0f);
        p.setEmbedIrInSession(true);
        p.prepareToPlay(kRate, kBlock);
        p.loadImpulseResponse(IrSource::fromFile(path));
        settle(p, kRate, kBlock);
        original = processAll(p, in, kBlock);
        state = stateOf(p);
    }
    CHECK(xmlOf(state)->getChildByName("IrSource")->hasAttribute("embedded"));
    fs::remove(path);

    auto p = restore(state);
    CHECK(p->impulseResponseError().empty());
    CHECK_THAT(p->loadedImpulseResponse().note, Catch::Contains("copy saved in the session"));
    CHECK(p->loadedImpulseResponse().decoded->numChannels() == 4);
    CHECK(p->embedsIrInSession());
    const auto out = processAll(*p, in, kBlock);
    double worst = 0, peak = 0; // 24-bit FLAC: the same reverb to within the last bits
    for (int c = 0; c < 2; ++c)
        for (int i = 0; i < 24000; ++i)
        {
            worst = std::max(worst,
                             static_cast<double>(std::abs(out.getSample(c, i) - original.getSample(c, i))));
            peak = std::max(peak, static_cast<double>(std::abs(original.getSample(c, i))));
        }
    CHECK(20 * std::log10(worst / peak) < -100.0);
}

TEST_CASE("Corrupt embedded data is refused cleanly")
{
    juce::ScopedJuceInitialiser_GUI juce;
    IrFolder folder;
    const char* xml = R"(<?xml version="1.0"?>
<FaltungState version="2" embedIr="1"><IrSource kind="file" filePath="/nowhere/x.wav"
 embeddedName="x.wav" embeddedScale="1" embedded="bm90IGEgZmxhYyBmaWxl"/></FaltungState>)";
    juce::MemoryBlock state;
    juce::AudioProcessor::copyXmlToBinary(*juce::parseXML(xml), state);
    auto p = restore(state);
    CHECK_THAT(p->impulseResponseError(), Catch::Contains("x.wav"));
    CHECK(std::isfinite(outputRms(*p)));
}

TEST_CASE("State from version 1 loads")
{
    juce::ScopedJuceInitialiser_GUI juce;
    // As Faltung 0.1 saved it: parameters and the IR source, no program or file references.
    const char* xml = R"(<?xml version="1.0"?>
<FaltungState version="1"><Parameters><PARAM id="mix" value="64.0"/><PARAM id="width" value="50.0"/>
<PARAM id="partitionSize" value="4.0"/></Parameters>
<IrSource kind="factory" factoryId="chamber"/></FaltungState>)";
    juce::MemoryBlock state;
    juce::AudioProcessor::copyXmlToBinary(*juce::parseXML(xml), state);
    auto p = restore(state);
    CHECK(parameterValue(*p, params::mix) == Approx(64.0f));
    CHECK(parameterValue(*p, params::width) == Approx(50.0f));
    CHECK(parameterValue(*p, params::predelay) == Approx(0.0f)); // missing: the default
    CHECK(p->getLatencySamples() == 0);                          // zero latency, as the default
    setParameter(*p, params::latencyMode, 1.0f);
    settle(*p, kRate, kBlock);
    CHECK(p->getLatencySamples() == 1024); // the old partition index 4, migrated
    CHECK(p->loadedImpulseResponse().name == "Chamber");
}

TEST_CASE("A left/right pair of mono files plays as one stereo IR and travels as a pair")
{
    juce::ScopedJuceInitialiser_GUI juce;
    IrFolder folder;
    const auto left = folder.writeIr("pair/room_L.wav", 1, 7);
    const auto right = folder.writeIr("pair/room_R.wav", 1, 8);
    CHECK(findStereoPartner(left) == right);
    CHECK(findStereoPartner(right) == left);

    FaltungProcessor p;
    p.prepareToPlay(kRate, kBlock);
    p.loadImpulseResponse(IrSource::fromFilePair(left, right));
    settle(p, kRate, kBlock);
    CHECK(p.loadedImpulseResponse().decoded->numChannels() == 2);
    CHECK(p.loadedImpulseResponse().name == "room_L.wav + room_R.wav");

    auto restored = restore(stateOf(p));
    CHECK(restored->requestedImpulseResponse() == IrSource::fromFilePair(left, right));
    CHECK(restored->loadedImpulseResponse().decoded->numChannels() == 2);
}

TEST_CASE("A session saved before the room-shaping controls existed loads them neutral, over any values")
{
    juce::ScopedJuceInitialiser_GUI juce;
    // The wet EQ, ducking, the early and late parts and damping.
    const params::ParameterSpec* added[] = {
        &params::spec::eqLowFrequency,     &params::spec::eqLowGain,      &params::spec::eqBellFrequency,
        &params::spec::eqBellGain,         &params::spec::eqBellQ,        &params::spec::eqHighFrequency,
        &params::spec::eqHighGain,         &params::spec::duckAmount,     &params::spec::duckThreshold,
        &params::spec::duckRelease,        &params::spec::irSplit,        &params::spec::irEarlyLevel,
        &params::spec::irLateLevel,        &params::spec::irLatePredelay, &params::spec::irDampLow,
        &params::spec::irDampMid,          &params::spec::irDampHigh,     &params::spec::irDampLowCrossover,
        &params::spec::irDampHighCrossover};
    FaltungProcessor p;
    p.prepareToPlay(kRate, kBlock);
    settle(p, kRate, kBlock);
    setParameter(p, params::mix, 64.0f);
    for (const auto* spec : added)
        setParameter(p, params::parameterId(*spec), spec->max);

    // The same session as an older Faltung saved it: without the new parameters.
    auto xml = xmlOf(stateOf(p));
    REQUIRE(xml != nullptr);
    auto* parameters = xml->getChildByName("Parameters");
    REQUIRE(parameters != nullptr);
    for (const auto* spec : added)
    {
        auto* saved = parameters->getChildByAttribute("id", spec->id);
        REQUIRE(saved != nullptr); // a session saved now has them
        parameters->removeChildElement(saved, true);
    }
    juce::MemoryBlock old;
    juce::AudioProcessor::copyXmlToBinary(*xml, old);

    p.setStateInformation(old.getData(), static_cast<int>(old.getSize()));
    settle(p, kRate, kBlock);
    CHECK(parameterValue(p, params::mix) == Approx(64.0f));
    for (const auto* spec : added)
    {
        CAPTURE(spec->id);
        CHECK(parameterValue(p, params::parameterId(*spec)) == spec->defaultValue);
    }
    // And the IR plays as an older Faltung played it: unedited.
    const auto info = p.loadedImpulseResponse();
    REQUIRE(info.edited != nullptr);
    CHECK(info.edited->channels == applyEdits(*info.decoded, IrEdits{}).channels);
}
