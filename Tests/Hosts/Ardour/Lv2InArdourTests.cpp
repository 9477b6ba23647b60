// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// What an Ardour user of the LV2 meets beyond playing it: the factory presets in the
// plugin's preset menu, and automation lanes for its parameters. JUCE's LV2 has no
// control ports for its parameters (each is an lv2:Parameter, patch:writable, set by
// patch:Set messages); Ardour 7 offers each as a "property" control with an
// automation lane. Both are proven by what the plugin then saves and plays:
// - each preset Ardour lists, loaded from its menu, leaves the plugin in the state
//   the program makes (every value the program sets, and its factory IR), and the
//   session exported afterwards nulls against `faltung-render --preset` on the same
//   input;
// - Mix automated from 0 to 100 % through its lane: the export is the dry input
//   before the ramp and the reverb alone after it, sample for sample.
#include "ArdourRunner.h"
#include "AudioFileIo.h"
#include "FactoryPresets.h"
#include "ParameterRange.h"

#include <juce_core/juce_core.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <regex>

using namespace faltung;
using namespace faltung::test;

namespace
{
constexpr double kRate = 48000.0;

// A session whose track plays `input` (stereo) from sample `position`, and the
// export of the track without the plugin: what the plugin will be fed.
AudioData makeSession(Ardour& ardour, const std::vector<std::vector<float>>& input, int position,
                      int exportLength)
{
    const auto session = ardour.session().string();
    const auto created =
        ardour.lua("create_session.lua",
                   {session, "faltung", std::to_string(input[0].size()), std::to_string(position)});
    const auto sources = printed(created, "source");
    REQUIRE(sources.size() == 2);
    for (std::size_t c = 0; c < 2; ++c)
    {
        AudioData mono;
        mono.sampleRate = kRate;
        mono.channels = {input[c]};
        writeWavFile(sources[c], mono, WavSampleFormat::float32);
    }
    ardour.lua("export_master.lua",
               {session, "faltung", ardour.exports(), "dry", std::to_string(exportLength), "0"});
    auto dry = readAudioFile(ardour.exported("dry"));
    REQUIRE(dry.sampleRate == kRate);
    REQUIRE(dry.numChannels() == 2);
    REQUIRE(dry.length() == exportLength);
    ardour.keepSession();
    return dry;
}

// faltung-render on the dry export with these options, as float.
AudioData render(Ardour& ardour, std::vector<std::string> options, const std::string& name)
{
    const auto output = ardour.file(name + ".wav");
    options.insert(options.end(), {ardour.exported("dry"), output, "--format", "float32", "--quiet"});
    const auto r = runCommand(ardour.renderer().string(), options);
    INFO("faltung-render: " << describe(r));
    REQUIRE(r.exitCode == 0);
    return readAudioFile(output);
}

// The energy of a - b over [from, to) against b's, in dB.
double nullDb(const std::vector<float>& a, const std::vector<float>& b, std::size_t from, std::size_t to)
{
    double error = 0.0, energy = 0.0;
    for (std::size_t i = from; i < to; ++i)
    {
        const double d = static_cast<double>(a.at(i)) - b.at(i);
        error += d * d;
        energy += static_cast<double>(b[i]) * b[i];
    }
    return 10.0 * std::log10(std::max(error, 1e-30) / energy);
}

// The plugin state Ardour saved for the one plugin in the session (the newest
// state.ttl under plugins/): JUCE's state, base64 in a StateString, as XML.
std::unique_ptr<juce::XmlElement> savedLv2State(const fs::path& session)
{
    fs::path newest;
    for (const auto& entry : fs::recursive_directory_iterator(session / "plugins"))
        if (entry.path().filename() == "state.ttl" &&
            (newest.empty() || fs::last_write_time(entry.path()) > fs::last_write_time(newest)))
            newest = entry.path();
    REQUIRE(!newest.empty());
    const auto ttl = slurp(newest);
    std::smatch match;
    REQUIRE(std::regex_search(ttl, match, std::regex(":StateString> \"([^\"]+)\"")));
    juce::MemoryBlock state;
    REQUIRE(state.fromBase64Encoding(juce::String(match[1].str())));
    // copyXmlToBinary: a magic number, the text's size, then the text.
    REQUIRE(state.getSize() > 8);
    auto xml = juce::parseXML(juce::String::fromUTF8(static_cast<const char*>(state.getData()) + 8,
                                                     static_cast<int>(state.getSize()) - 8));
    REQUIRE(xml != nullptr);
    return xml;
}
// The first element at or under `e` with this attribute value.
const juce::XmlElement* findWith(const juce::XmlElement& e, const char* attribute, const juce::String& value)
{
    if (e.getStringAttribute(attribute) == value)
        return &e;
    for (const auto* child : e.getChildIterator())
        if (const auto* found = findWith(*child, attribute, value))
            return found;
    return nullptr;
}
} // namespace

TEST_CASE("Each factory preset Ardour lists for the LV2 sets the program's state and renders as "
          "faltung-render --preset does")
{
    Ardour ardour(Format::lv2);
    struct PrintRuns
    {
        const Ardour& ardour;
        ~PrintRuns() { printRuns("LV2 presets", ardour.runs()); }
    } printAtEnd{ardour};

    // 0.5 s of noise after 0.5 s of silence; 6 s holds the cathedral's whole tail.
    constexpr int kPosition = 24000, kExportLength = 288000;
    makeSession(ardour, randomSignal(2, 24000, 77), kPosition, kExportLength);
    const auto session = ardour.session().string();

    std::vector<std::string> listed;
    for (const auto& preset : factoryPresets())
    {
        INFO("preset " << preset.name);
        ardour.restoreSession();
        const auto applied = ardour.lua("apply_preset.lua", {session, "faltung", preset.name});
        if (listed.empty())
            listed = printed(applied, "preset");
        CHECK(printed(applied, "loaded") == std::vector<std::string>{preset.name});

        // The state: every value the program sets, as the plugin holds it, and its IR.
        const auto state = savedLv2State(ardour.session());
        for (const auto& [spec, value] : presetValues(preset))
        {
            INFO("parameter " << spec->id);
            const auto* param = findWith(*state, "id", spec->id);
            REQUIRE(param != nullptr);
            CHECK(static_cast<float>(param->getDoubleAttribute("value")) == params::heldValue(*spec, value));
        }
        CHECK(findWith(*state, "factoryId", preset.factoryIrId) != nullptr);

        // The sound: the session played after loading, against the renderer's program.
        const std::string name = preset.factoryIrId;
        ardour.lua("export_master.lua",
                   {session, "faltung", ardour.exports(), name, std::to_string(kExportLength), "0"});
        const auto wet = readAudioFile(ardour.exported(name));
        const auto expected = render(ardour, {"--preset", preset.name}, name + "-rendered");
        REQUIRE(wet.length() == kExportLength);
        REQUIRE(expected.length() >= kExportLength);
        double worst = -300.0;
        for (std::size_t c = 0; c < 2; ++c)
            worst = std::max(worst, nullDb(wet.channels[c], expected.channels[c], 0, kExportLength));
        std::cout << "LV2 preset " << preset.name << " loaded in Ardour: null " << worst
                  << " dB against faltung-render --preset\n";
        CHECK(worst < -60.0);
    }
    // Ardour lists the eight, one per program.
    CHECK(listed.size() == factoryPresets().size());
    for (const auto& preset : factoryPresets())
        CHECK(std::any_of(listed.begin(), listed.end(),
                          [&](const std::string& line)
                          { return line.rfind(std::string(preset.name) + " ", 0) == 0; }));
}

TEST_CASE("Mix automated on the LV2 in Ardour: the export is the dry input before the ramp and the reverb "
          "alone after it")
{
    Ardour ardour(Format::lv2);
    struct PrintRuns
    {
        const Ardour& ardour;
        ~PrintRuns() { printRuns("LV2 automation", ardour.runs()); }
    } printAtEnd{ardour};

    // 4 s of noise from the start; Mix 0 % until 1.9 s, 100 % from 2 s.
    constexpr int kExportLength = 240000, kRampFrom = 91200, kRampTo = 96000;
    const auto dry = makeSession(ardour, randomSignal(2, 192000, 78, 0.3f), 0, kExportLength);
    const auto session = ardour.session().string();
    const auto automated = ardour.lua(
        "automate_mix.lua", {session, "faltung", std::to_string(kRampFrom), std::to_string(kRampTo)});
    CHECK(printed(automated, "points") == std::vector<std::string>{"4"});
    ardour.lua("export_master.lua",
               {session, "faltung", ardour.exports(), "automated", std::to_string(kExportLength), "0"});
    const auto wet = readAudioFile(ardour.exported("automated"));
    REQUIRE(wet.length() == kExportLength);
    const auto reverbAlone = render(ardour, {"--factory", "concert-hall", "--mix", "100"}, "reverb-alone");

    // Ardour applies automation once per cycle and the plugin smooths Mix: the ramp
    // and 100 ms after it are left out.
    for (std::size_t c = 0; c < 2; ++c)
    {
        const double before = nullDb(wet.channels[c], dry.channels[c], 0, kRampFrom);
        const double after = nullDb(wet.channels[c], reverbAlone.channels[c], kRampTo + 4800, kExportLength);
        std::cout << "LV2 Mix automated in Ardour, channel " << c << ": " << before
                  << " dB against the dry input before the ramp, " << after
                  << " dB against faltung-render --mix 100 after it\n";
        CHECK(before < -60.0);
        CHECK(after < -60.0);
        // The two halves differ: the automation made the change.
        CHECK(nullDb(wet.channels[c], dry.channels[c], kRampTo + 4800, kExportLength) > -10.0);
    }
}
