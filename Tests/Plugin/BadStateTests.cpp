// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// State that a host, a crash or a person has damaged: truncated or random bytes,
// a state from another plugin or a newer version, XML edited by hand with values
// missing, garbage, NaN or out of range, unknown elements, corrupt embedded IRs.
// None may crash, put NaN into a parameter or the audio, or lose a setting that
// was readable; what was ignored is reported (FaltungProcessor::stateWarnings).
#include "AudioFileIo.h"
#include "PluginTestUtilities.h"
#include "SessionState.h"
#include "TestFiles.h"
#include "UserPresets.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>

using namespace faltung;
using namespace faltung::test;

namespace
{
constexpr double kRate = 48000.0;
constexpr int kBlock = 256;

juce::MemoryBlock binaryOf(const juce::String& xmlText)
{
    const auto xml = juce::parseXML(xmlText);
    REQUIRE(xml != nullptr);
    juce::MemoryBlock state;
    juce::AudioProcessor::copyXmlToBinary(*xml, state);
    return state;
}

void restore(FaltungProcessor& p, const juce::MemoryBlock& state)
{
    p.setStateInformation(state.getData(), static_cast<int>(state.getSize()));
}

std::string allWarnings(const FaltungProcessor& p)
{
    std::string all;
    for (const auto& w : p.stateWarnings())
        all += w + "\n";
    return all;
}

// Every parameter holds a finite value inside its range.
void requireParametersSane(FaltungProcessor& p)
{
    for (auto* parameter : p.getParameters())
    {
        auto* ranged = dynamic_cast<juce::RangedAudioParameter*>(parameter);
        REQUIRE(ranged != nullptr);
        const float plain = p.parameters().getRawParameterValue(ranged->getParameterID())->load();
        INFO(ranged->getParameterID() << " = " << plain);
        REQUIRE(std::isfinite(plain));
        REQUIRE(plain >= ranged->getNormalisableRange().start);
        REQUIRE(plain <= ranged->getNormalisableRange().end);
        REQUIRE(std::isfinite(parameter->getValue()));
    }
}

// Processes noise and requires finite output that is not absurdly loud.
void requireAudioSane(FaltungProcessor& p, int blocks, unsigned seed)
{
    auto in = noiseBuffer(2, kBlock * blocks, seed);
    const auto out = processAll(p, in, kBlock);
    for (int c = 0; c < out.getNumChannels(); ++c)
        for (int i = 0; i < out.getNumSamples(); ++i)
        {
            INFO("channel " << c << " sample " << i);
            REQUIRE(std::isfinite(out.getSample(c, i)));
            REQUIRE(std::abs(out.getSample(c, i)) < 100.0f);
        }
}

// A state with every kind of part: all parameters, a program and a file IR with
// an embedded copy, saved by a real instance.
juce::String fullStateXml(const ScratchFolder& folder)
{
    AudioData ir;
    ir.sampleRate = kRate;
    ir.channels = randomSignal(2, 2000, 4, 0.2f);
    const auto path = folder.file("room.wav");
    writeWavFile(path, ir, WavSampleFormat::float32);
    FaltungProcessor p;
    p.prepareToPlay(kRate, kBlock);
    p.setEmbedIrInSession(true);
    p.loadImpulseResponse(IrSource::fromFile(path));
    setParameter(p, params::mix, 55.0f);
    setParameter(p, params::irStretch, 120.0f);
    settle(p, kRate, kBlock);
    return p.createStateXml()->toString();
}
} // namespace

TEST_CASE("Truncated, random, empty and foreign state blobs change nothing and say so")
{
    juce::ScopedJuceInitialiser_GUI juce;
    FaltungProcessor p;
    p.prepareToPlay(kRate, kBlock);
    setParameter(p, params::mix, 42.0f);
    settle(p, kRate, kBlock);

    juce::MemoryBlock good;
    p.getStateInformation(good);
    std::mt19937 rng(17);
    int blobs = 0;
    auto check = [&](const void* data, int size)
    {
        p.setStateInformation(data, size);
        ++blobs;
        CHECK(parameterValue(p, params::mix) == Approx(42.0f));
        CHECK(p.requestedImpulseResponse() == IrSource::factory("concert-hall"));
        // Either refused and reported, or (cut only after the XML's end) read whole.
        if (p.stateWarnings().empty())
        {
            juce::MemoryBlock now;
            p.getStateInformation(now);
            CHECK(now == good);
        }
    };
    // Every truncation of a real state: JUCE's binary header (magic, length) must
    // stop each of them before the XML is parsed.
    for (int size = 0; size < static_cast<int>(good.getSize()); size += 1 + size / 64)
        check(good.getData(), size);
    check(nullptr, 0);
    CHECK_FALSE(p.stateWarnings().empty());
    check(nullptr, 100);
    CHECK_FALSE(p.stateWarnings().empty());
    for (int i = 0; i < 200; ++i)
    {
        std::vector<char> junk(std::uniform_int_distribution<std::size_t>(1, 4000)(rng));
        for (auto& b : junk)
            b = static_cast<char>(rng());
        check(junk.data(), static_cast<int>(junk.size()));
        CHECK_FALSE(p.stateWarnings().empty());
    }
    // Readable XML that is not ours.
    const auto foreign = binaryOf("<PluginState><PARAM id=\"mix\" value=\"1\"/></PluginState>");
    check(foreign.getData(), static_cast<int>(foreign.getSize()));
    CHECK_THAT(allWarnings(p), Catch::Contains("not a Faltung state"));
    WARN("damaged state blobs refused: " << blobs);

    requireParametersSane(p);
    requireAudioSane(p, 20, 1);

    // A good state after all that restores and leaves no warning behind.
    restore(p, good);
    CHECK(p.stateWarnings().empty());
}

TEST_CASE("State and preset text that is not UTF-8 is refused before JUCE's parser reads it")
{
    // Found by the state fuzzer: JUCE's parser steps over a multi-byte UTF-8 lead
    // byte without looking for the end of the text, so a state whose XML ends in a
    // cut-off sequence made it read past the end of its buffer.
    juce::ScopedJuceInitialiser_GUI juce;
    FaltungProcessor p;
    setParameter(p, params::mix, 42.0f);
    const auto blobOf = [](const std::string& text)
    {
        juce::MemoryBlock blob;
        juce::MemoryOutputStream out(blob, false);
        out.writeInt(0x21324356); // copyXmlToBinary's magic, then the length
        out.writeInt(static_cast<int>(text.size()));
        out.write(text.data(), text.size());
        return blob;
    };
    const std::string head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<FaltungState version=\"3\">"
                             "<Parameters><PARAM id=\"mix\" value=\"7\"/></Parameters>";
    for (const std::string& bad : {head + "\xd9", head + "\xe2\x82", head + "</Faltung\xc3\x28State>",
                                   head + "\xed\xa0\x80", head + "\xc0\xaf", head + "\xf4\x90\x80\x80"})
    {
        CAPTURE(bad.substr(head.size()));
        CHECK(session::parseXml(bad.data(), bad.size()) == nullptr);
        restore(p, blobOf(bad));
        CHECK(parameterValue(p, params::mix) == Approx(42.0f));
        CHECK_THAT(allWarnings(p), Catch::Contains("could not be read"));
    }

    // Text that is UTF-8 reads, multi-byte characters and all, up to a NUL.
    const std::string good =
        head + "<Note text=\"R\xc3\xa4ume \xe2\x82\xac \xf0\x9f\x8e\xb9\"/></FaltungState>";
    const auto xml = session::parseXml(good.data(), good.size());
    REQUIRE(xml != nullptr);
    CHECK(xml->getChildByName("Note")->getStringAttribute("text") ==
          juce::String::fromUTF8("R\xc3\xa4ume \xe2\x82\xac \xf0\x9f\x8e\xb9"));
    const std::string withNul = good + std::string(1, '\0') + "\xd9";
    CHECK(session::parseXml(withNul.data(), withNul.size()) != nullptr);
    restore(p, blobOf(good));
    CHECK(parameterValue(p, params::mix) == Approx(7.0f));

    // A preset file that is not UTF-8 is not a preset.
    ScratchFolder folder;
    const auto preset = folder.path() / "damaged.faltungpreset";
    std::ofstream(preset, std::ios::binary) << head << "\xd9";
    juce::String error;
    CHECK_FALSE(presets::load(p, juce::File(preset.string()), error));
    CHECK(error.contains("not a Faltung preset"));
    CHECK(parameterValue(p, params::mix) == Approx(7.0f));
}

TEST_CASE("A hand-edited state keeps what is readable, defaults what is missing and reports the rest")
{
    juce::ScopedJuceInitialiser_GUI juce;
    FaltungProcessor p;
    p.prepareToPlay(kRate, kBlock);
    restore(p, binaryOf(R"(<?xml version="1.0"?>
<FaltungState version="3" program="banana" embedIr="0">
  <Parameters>
    <PARAM id="mix" value="nan"/>
    <PARAM id="dryLevel" value="-inf"/>
    <PARAM id="wetLevel" value="inf"/>
    <PARAM id="predelay" value="1e39"/>
    <PARAM id="width" value="150"/>
    <PARAM id="width" value="10"/>
    <PARAM id="outputGain" value="-1000"/>
    <PARAM id="lowCut" value="0x400"/>
    <PARAM id="highCut"/>
    <PARAM id="irStretch" value="  "/>
    <PARAM id="irGain" value="3.5"/>
    <PARAM id="noSuchParameter" value="1"/>
    <SomethingElse value="2"/>
  </Parameters>
  <Mystery/>
  <IrSource kind="factory" factoryId="plate"/>
</FaltungState>)"));
    const auto warnings = allWarnings(p);
    INFO(warnings);
    // Readable values are used; garbage, NaN and infinity keep the default.
    CHECK(parameterValue(p, params::width) == Approx(150.0f));
    CHECK(parameterValue(p, params::irGain) == Approx(3.5f));
    CHECK(parameterValue(p, params::mix) == Approx(30.0f));
    CHECK(parameterValue(p, params::dryLevel) == Approx(0.0f));
    CHECK(parameterValue(p, params::wetLevel) == Approx(0.0f));
    CHECK(parameterValue(p, params::lowCut) == Approx(params::kLowCutOffHz));
    CHECK(parameterValue(p, params::highCut) == Approx(params::kHighCutOffHz));
    CHECK(parameterValue(p, params::irStretch) == Approx(100.0f));
    // Out of range is limited to the range.
    CHECK(parameterValue(p, params::predelay) == Approx(500.0f));
    CHECK(parameterValue(p, params::outputGain) == Approx(-24.0f));
    // Missing altogether: the default.
    CHECK(parameterValue(p, params::partitionSize) == Approx(params::partitionStepValue(2)));
    CHECK(p.requestedImpulseResponse() == IrSource::factory("plate"));

    for (const char* reported :
         {"\"mix\" has no valid value (\"nan\")", "\"dryLevel\"", "\"wetLevel\"",
          "\"predelay\" was out of range", "\"outputGain\" was out of range", "\"lowCut\"", "\"highCut\"",
          "\"irStretch\"", "\"width\" appears twice", "\"noSuchParameter\" ignored",
          "\"SomethingElse\" ignored", "\"Mystery\"", "program (\"banana\")"})
        CHECK_THAT(warnings, Catch::Contains(reported));
    CHECK_THAT(warnings, !Catch::Contains("\"irGain\""));
    requireParametersSane(p);
    settle(p, kRate, kBlock);
    requireAudioSane(p, 40, 2);
}

TEST_CASE("A state from a newer version loads what it knows and says so, a bad version is read as current")
{
    juce::ScopedJuceInitialiser_GUI juce;
    FaltungProcessor p;
    restore(p, binaryOf(R"(<FaltungState version="99" futureThing="1"><Parameters>
<PARAM id="mix" value="12"/><PARAM id="partitionSize" value="1"/><PARAM id="newKnob" value="3"/></Parameters>
<IrSource kind="hologram" factoryId="x"/></FaltungState>)"));
    auto warnings = allWarnings(p);
    CHECK_THAT(warnings, Catch::Contains("newer Faltung"));
    CHECK_THAT(warnings, Catch::Contains("\"newKnob\" ignored"));
    CHECK_THAT(warnings, Catch::Contains("\"hologram\""));
    CHECK(parameterValue(p, params::mix) == Approx(12.0f));
    CHECK(parameterValue(p, params::partitionSize) == Approx(1.0f)); // not migrated as an old index
    CHECK(p.requestedImpulseResponse() == IrSource::factory("concert-hall"));

    restore(p, binaryOf(R"(<FaltungState version="nan"><Parameters><PARAM id="partitionSize" value="0.5"/>
</Parameters></FaltungState>)"));
    CHECK_THAT(allWarnings(p), Catch::Contains("version (\"nan\")"));
    CHECK(parameterValue(p, params::partitionSize) == Approx(0.5f));

    // Version 1 still migrates its partition index, also when out of range.
    restore(p, binaryOf(R"(<FaltungState version="1"><Parameters><PARAM id="partitionSize" value="60"/>
</Parameters></FaltungState>)"));
    CHECK(parameterValue(p, params::partitionSize) == Approx(1.0f));
    CHECK(p.stateWarnings().empty());
}

TEST_CASE("Corrupt embedded IR data is refused cleanly: bad base64 is reported, bad FLAC names the file")
{
    juce::ScopedJuceInitialiser_GUI juce;
    ScratchFolder folder;
    AudioData ir;
    ir.sampleRate = kRate;
    ir.channels = randomSignal(1, 3000, 9, 0.2f);
    const auto path = folder.file("present.wav");
    writeWavFile(path, ir, WavSampleFormat::float32);

    FaltungProcessor p;
    p.prepareToPlay(kRate, kBlock);
    p.loadImpulseResponse(IrSource::factory("plate"));
    settle(p, kRate, kBlock);

    // The file is there: damaged embedded data is dropped and the file plays.
    restore(p, binaryOf(
                   juce::String(R"(<FaltungState version="3" embedIr="1"><IrSource kind="file" filePath=")") +
                   path + R"(" embeddedName="present.wav" embedded="%%%not base64%%%"/></FaltungState>)"));
    CHECK_THAT(allWarnings(p), Catch::Contains("embedded in the session is damaged"));
    settle(p, kRate, kBlock);
    CHECK(p.impulseResponseError().empty());
    CHECK(p.loadedImpulseResponse().name == "present.wav");
    requireAudioSane(p, 20, 3);

    // The file is gone and the embedded copy is not FLAC: the error names the file,
    // and (as for any missing session IR) no other room plays.
    restore(p, binaryOf(
                   R"(<FaltungState version="3" embedIr="1"><IrSource kind="file" filePath="/nowhere/lost.wav"
 embeddedName="lost.wav" embeddedScale="nan" embedded="bm90IGEgZmxhYyBmaWxl"/></FaltungState>)"));
    settle(p, kRate, kBlock);
    CHECK_THAT(p.impulseResponseError(), Catch::Contains("lost.wav"));
    requireAudioSane(p, 20, 4);

    // A load the user asks for afterwards works as ever.
    p.loadImpulseResponse(IrSource::factory("cabinet"));
    settle(p, kRate, kBlock);
    CHECK(p.loadedImpulseResponse().name == "Guitar Cabinet");
}

TEST_CASE("Thousands of random and mutated states never crash, never reach the audio as NaN")
{
    juce::ScopedJuceInitialiser_GUI juce;
    ScratchFolder folder;
    const auto original = fullStateXml(folder);
    const int count = std::getenv("FALTUNG_LONG_TESTS") != nullptr ? 30000 : 3000;

    FaltungProcessor p;
    p.prepareToPlay(kRate, kBlock);
    std::mt19937 rng(2027);
    auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
    const char* garbage[] = {"nan",
                             "NaN",
                             "inf",
                             "-inf",
                             "1e39",
                             "-1e39",
                             "",
                             " ",
                             "abc",
                             "0x7f",
                             "1e-45",
                             "-0",
                             "99999999999999999999",
                             "3.4028236e38",
                             "12abc",
                             "--1",
                             "1..2",
                             "\xc3\x28"};
    const auto originalXml = juce::parseXML(original);
    REQUIRE(originalXml != nullptr);

    int binaryMutations = 0, xmlMutations = 0, reported = 0;
    for (int n = 0; n < count; ++n)
    {
        if (n % 3 == 0)
        {
            // Bytes: flips, cuts and splices of the binary state.
            juce::MemoryBlock blob;
            juce::AudioProcessor::copyXmlToBinary(*originalXml, blob);
            auto* bytes = static_cast<char*>(blob.getData());
            for (int k = 1 + pick(8); k > 0; --k)
                bytes[pick(static_cast<int>(blob.getSize()))] = static_cast<char>(rng());
            const int size =
                pick(4) == 0 ? pick(static_cast<int>(blob.getSize())) : static_cast<int>(blob.getSize());
            p.setStateInformation(blob.getData(), size);
            ++binaryMutations;
        }
        else
        {
            // Structure: attribute values replaced by garbage, attributes and
            // elements removed, duplicated or made up.
            juce::XmlElement xml(*originalXml);
            std::vector<juce::XmlElement*> elements{&xml};
            for (std::size_t i = 0; i < elements.size(); ++i)
                for (auto* child : elements[i]->getChildIterator())
                    elements.push_back(child);
            for (int k = 1 + pick(6); k > 0; --k)
            {
                auto* e = elements[static_cast<std::size_t>(pick(static_cast<int>(elements.size())))];
                const int attributes = e->getNumAttributes();
                switch (pick(6))
                {
                    case 0:
                    case 1:
                        if (attributes > 0)
                            e->setAttribute(e->getAttributeName(pick(attributes)),
                                            juce::String::fromUTF8(garbage[pick(std::size(garbage))]));
                        break;
                    case 2:
                        if (attributes > 0)
                            e->removeAttribute(juce::String(e->getAttributeName(pick(attributes))));
                        break;
                    case 3:
                        if (e != &xml)
                            e->setTagName(pick(2) == 0 ? "Unknown" : "PARAM");
                        break;
                    case 4:
                        e->createNewChildElement("Extra")->setAttribute("value",
                                                                        garbage[pick(std::size(garbage))]);
                        break;
                    default:
                        e->setAttribute(
                            "value", juce::String(std::ldexp(static_cast<double>(rng()) - 2.1e9, pick(300))));
                        break;
                }
            }
            p.restoreState(xml);
            ++xmlMutations;
        }
        reported += p.stateWarnings().empty() ? 0 : 1;
        requireParametersSane(p);
        if (n % 100 == 0)
        {
            p.updateEngineAndLatency();
            requireAudioSane(p, 2, static_cast<unsigned>(n));
        }
    }
    p.updateEngineAndLatency();
    REQUIRE(p.waitForImpulseResponse(30000));
    requireAudioSane(p, 40, 5);
    WARN("states fuzzed: " << count << " (" << binaryMutations << " byte-level, " << xmlMutations
                           << " XML-level), " << reported << " reported something ignored");
    CHECK(reported > count / 2);
}
