// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// The built VST3 and LV2 in Ardour 7, headless: ardour7-lua with the "None (Dummy)"
// backend plays a known stereo signal from disk through Faltung on a track, in the
// efficient latency mode so that Ardour has a latency to compensate, and exports
// the master bus. The export must null against faltung-render fed with the same
// input (Ardour's own export of the track without the plugin) at offset zero: no
// search for the best offset, so a latency reported wrongly or compensated wrongly
// fails.
//
// No run of Ardour is ever retried: a crash is what a user would meet, so any run
// that does not exit with 0 fails the test, with its output. The session cycle a
// user goes through (open the session, insert the plugin, export, close) runs
// kCycles times per format, each time from the same session without the plugin;
// making that session, its dry export and the reference render do not involve the
// plugin and are done once.
//
// How the signal gets in: headless Ardour cannot import a file, so
// create_session.lua bounces the empty track into a region and the test writes its
// signal over the region's two source files. Ardour then plays it from disk, the
// case its latency compensation is built for. (A Lua DSP generator cannot stand in:
// it sees only the transport position, not its latency-compensated one, so its
// signal reaches the master bus one plugin latency late however right the plugin
// is; measured here, 256 samples.)
#include "ArdourRunner.h"
#include "AudioFileIo.h"
#include "ReferenceConvolution.h"
#include "RunCommand.h"
#include "TestFiles.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

using namespace faltung;
using namespace faltung::test;
namespace fs = std::filesystem;

namespace
{
constexpr double kRate = 48000.0;
constexpr int kInputLength = 24000;   // 0.5 s of noise
constexpr int kInputPosition = 24000; // after 0.5 s of silence
constexpr int kExportLength = 240000; // 5 s: the input and the whole 3.2 s concert-hall tail
constexpr int kLatency = 256;         // the default partition size, in the efficient mode
constexpr int kCycles = 5;            // insert and export, per format

std::string base64Encode(const std::string& bytes)
{
    static const char* table = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3)
    {
        const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) |
                           (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                           static_cast<unsigned char>(bytes[i + 2]);
        out += {table[v >> 18], table[(v >> 12) & 63], table[(v >> 6) & 63], table[v & 63]};
    }
    if (i + 1 == bytes.size())
    {
        const unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
        out += {table[v >> 18], table[(v >> 12) & 63], '=', '='};
    }
    else if (i + 2 == bytes.size())
    {
        const unsigned v =
            (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8);
        out += {table[v >> 18], table[(v >> 12) & 63], table[(v >> 6) & 63], '='};
    }
    return out;
}

std::string base64Decode(const std::string& text)
{
    std::string out;
    unsigned v = 0;
    int bits = 0;
    for (char c : text)
    {
        int d = -1;
        if (c >= 'A' && c <= 'Z')
            d = c - 'A';
        else if (c >= 'a' && c <= 'z')
            d = c - 'a' + 26;
        else if (c >= '0' && c <= '9')
            d = c - '0' + 52;
        else if (c == '+')
            d = 62;
        else if (c == '/')
            d = 63;
        if (d < 0)
            continue; // padding and line breaks
        v = (v << 6) | static_cast<unsigned>(d);
        bits += 6;
        if (bits >= 8)
        {
            bits -= 8;
            out += static_cast<char>((v >> bits) & 0xff);
        }
    }
    return out;
}

// Ardour 7 lists only automatable VST3 parameters, and the latency mode is not
// automatable, so it is set where a saved project keeps it: the plugin's state in
// the session file (base64 of a .vstpreset holding JUCE's state XML).
void setVst3LatencyModeInSession(const fs::path& sessionFile)
{
    auto session = slurp(sessionFile);
    const auto open = session.find("<chunk>");
    const auto close = session.find("</chunk>", open);
    REQUIRE(open != std::string::npos);
    REQUIRE(close != std::string::npos);
    REQUIRE(session.find("<chunk>", close) == std::string::npos); // one plugin, one state

    const auto begin = open + std::string("<chunk>").size();
    auto state = base64Decode(session.substr(begin, close - begin));
    // The same length before and after, so the chunk offsets in the .vstpreset hold.
    const std::string zeroLatency = R"(<PARAM id="latencyMode" value="0.0"/>)";
    const std::string efficient = R"(<PARAM id="latencyMode" value="1.0"/>)";
    const auto at = state.find(zeroLatency);
    INFO("the VST3 state: " << state);
    REQUIRE(at != std::string::npos);
    REQUIRE(state.find(zeroLatency, at + 1) == std::string::npos);
    state.replace(at, zeroLatency.size(), efficient);

    session.replace(begin, close - begin, base64Encode(state));
    std::ofstream(sessionFile, std::ios::binary | std::ios::trunc) << session;
}

std::vector<double> asDouble(const std::vector<float>& x, std::size_t length)
{
    std::vector<double> d(length, 0.0);
    std::copy_n(x.begin(), std::min(length, x.size()), d.begin());
    return d;
}

// The wet export of one cycle against the reference render, at offset zero.
double checkWet(const char* formatName, int cycle, const AudioData& wet, const AudioData& expected)
{
    REQUIRE(wet.sampleRate == kRate);
    REQUIRE(wet.numChannels() == 2);
    REQUIRE(wet.length() == kExportLength);
    double worst = -300.0;
    for (std::size_t c = 0; c < 2; ++c)
    {
        const auto e = asDouble(expected.channels[c], kExportLength);
        const double nullDb = errorDb(wet.channels[c], e, 0);
        worst = std::max(worst, nullDb);
        INFO(formatName << " cycle " << cycle << " channel " << c << ": null " << nullDb
                        << " dB at offset 0, " << errorDb(wet.channels[c], e, kLatency)
                        << " dB one latency late");
        CHECK(nullDb < -60.0);
        // The comparison can tell: the same export one sample late does not null.
        CHECK(errorDb(wet.channels[c], e, 1) > -20.0);

        // And there is reverb to compare: the tail after the input has ended.
        double tail = 0.0;
        for (int i = kInputPosition + kInputLength + 4800; i < kInputPosition + kInputLength + 52800; ++i)
            tail =
                std::max(tail, std::abs(static_cast<double>(wet.channels[c][static_cast<std::size_t>(i)])));
        CHECK(tail > 0.001);
    }
    return worst;
}

void checkInArdour(Format format)
{
    const char* formatName = format == Format::lv2 ? "LV2" : "VST3";
    Ardour ardour(format);
    const auto session = ardour.session().string();
    const auto length = std::to_string(kExportLength);
    const auto latency = std::to_string(kLatency);

    // Printed however the test ends, so a failure shows every run up to it.
    struct PrintRuns
    {
        const char* formatName;
        const Ardour& ardour;
        ~PrintRuns() { printRuns(formatName, ardour.runs()); }
    } printAtEnd{formatName, ardour};

    // Once: a session with a silent region, then the signal written over its sources.
    const auto created = ardour.lua("create_session.lua", {session, "faltung", std::to_string(kInputLength),
                                                           std::to_string(kInputPosition)});
    const auto sources = printed(created, "source");
    REQUIRE(sources.size() == 2);
    const auto input = randomSignal(2, kInputLength, 2024);
    for (std::size_t c = 0; c < 2; ++c)
    {
        AudioData mono;
        mono.sampleRate = kRate;
        mono.channels = {input[c]};
        writeWavFile(sources[c], mono, WavSampleFormat::float32);
    }

    // Once: the track without the plugin, exactly what Ardour will feed it.
    ardour.lua("export_master.lua", {session, "faltung", ardour.exports(), "dry", length, "0"});
    const auto dry = readAudioFile(ardour.exported("dry"));
    REQUIRE(dry.sampleRate == kRate);
    REQUIRE(dry.numChannels() == 2);
    REQUIRE(dry.length() == kExportLength);

    // Ardour played the signal as written, at its place: the timeline is as planned.
    for (std::size_t c = 0; c < 2; ++c)
    {
        std::vector<double> placed(kExportLength, 0.0);
        std::copy(input[c].begin(), input[c].end(), placed.begin() + kInputPosition);
        CHECK(errorDb(dry.channels[c], placed, 0) < -120.0);
    }

    // Once: the reference, faltung-render on the dry export with the plugin's
    // defaults (mix 30 %, concert-hall) and its efficient mode at 256. It
    // compensates its latency, so it lines up with its input.
    const auto reference = ardour.file("reference.wav");
    const auto r =
        runCommand(ardour.renderer().string(),
                   {"--factory", "concert-hall", ardour.exported("dry"), reference, "--mix", "30", "--format",
                    "float32", "--partition", "256", "--latency", "efficient", "--quiet"});
    INFO("faltung-render: " << describe(r));
    REQUIRE(r.exitCode == 0);
    const auto expected = readAudioFile(reference);
    REQUIRE(expected.numChannels() == 2);
    REQUIRE(expected.length() >= kExportLength);

    if (format == Format::vst3)
        ardour.scanVst3();
    ardour.keepSession();

    // kCycles times: open the session, insert the plugin, save and close (one run);
    // open it again, export and close (another run). The VST3's latency mode can
    // only be set in the saved session between the two.
    for (int cycle = 1; cycle <= kCycles; ++cycle)
    {
        INFO(formatName << " cycle " << cycle << " of " << kCycles);
        ardour.restoreSession();
        const auto inserted =
            ardour.lua("insert_plugin.lua", {session, "faltung", format == Format::lv2 ? "lv2" : "vst3"});
        const auto parameters = printed(inserted, "parameter");
        if (format == Format::lv2)
        {
            // Every parameter reaches the user, as an LV2 property.
            const std::vector<std::string> all = {"mix",         "dryLevel",      "wetLevel", "predelay",
                                                  "lowCut",      "highCut",       "width",    "outputGain",
                                                  "latencyMode", "partitionSize", "bypass"};
            for (const auto& p : all)
            {
                INFO("parameter " << p);
                CHECK(std::count(parameters.begin(), parameters.end(), p) == 1);
            }
            // Setting the latency mode through its property took effect at once.
            CHECK(printed(inserted, "latency") == std::vector<std::string>{latency});
        }
        else
        {
            // Ardour shows automatable VST3 parameters only: not Latency Mode and Partition Size.
            for (const auto& p : {"Mix", "Dry Level", "Wet Level", "Predelay", "Low Cut", "High Cut", "Width",
                                  "Output Gain", "Bypass"})
            {
                INFO("parameter " << p);
                CHECK(std::count(parameters.begin(), parameters.end(), std::string(p)) == 1);
            }
            setVst3LatencyModeInSession(ardour.sessionFile());
        }

        const auto name = "wet" + std::to_string(cycle);
        const auto exported =
            ardour.lua("export_master.lua", {session, "faltung", ardour.exports(), name, length, latency});
        const auto reported = printed(exported, "latency");
        REQUIRE(reported.size() == 1);
        CHECK(reported[0] == latency);
        CHECK(printed(exported, "track-latency") == std::vector<std::string>{latency});

        const double worst = checkWet(formatName, cycle, readAudioFile(ardour.exported(name)), expected);
        std::cout << formatName << " in Ardour, cycle " << cycle << ": latency " << reported[0]
                  << " samples reported; null " << worst << " dB against faltung-render at offset 0\n";
    }
}
} // namespace

TEST_CASE("A crash of ardour7-lua fails its run, reported with the signal, and is not retried")
{
    Ardour ardour(Format::lv2);
    const auto r = ardour.runLua("crash_self.lua", {});
    INFO(describe(r));
    CHECK(r.exitCode == 128 + SIGSEGV);
    CHECK(describe(r).find("ended by signal " + std::to_string(SIGSEGV)) != std::string::npos);
    CHECK_FALSE(hasLine(r.standardOutput, "done"));
    REQUIRE(ardour.runs().size() == 1);
    CHECK(ardour.runs()[0].exitCode == 128 + SIGSEGV);
}

TEST_CASE("Ardour 7 plays the LV2 in time with its dry input, nulling against faltung-render")
{
    checkInArdour(Format::lv2);
}

TEST_CASE("Ardour 7 plays the VST3 in time with its dry input, nulling against faltung-render")
{
    checkInArdour(Format::vst3);
}
