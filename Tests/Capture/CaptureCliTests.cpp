// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// faltung-capture as a user runs it: it writes a sweep file, a recording of it
// (made here through a known room) becomes an IR file, and every bad recording is
// refused with its reason and exit code 1, leaving no output.
#include "AudioFileIo.h"
#include "FactoryLibrary.h"
#include "RunCommand.h"
#include "SyntheticRecording.h"
#include "TestFiles.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <random>

using namespace faltung;
using namespace faltung::test;

namespace
{
CommandResult capture(const std::vector<std::string>& args)
{
    return runCommand(FALTUNG_CAPTURE_PATH, args);
}

// The spec `faltung-capture sweep --length 3 --silence 1` writes.
SweepSpec cliSweep()
{
    SweepSpec spec;
    spec.sweepSeconds = 3.0;
    spec.silenceSeconds = 1.0;
    return spec;
}

void writeRecording(const std::string& path, std::vector<std::vector<float>> channels, double rate = 48000.0,
                    WavSampleFormat format = WavSampleFormat::float32)
{
    AudioData audio;
    audio.sampleRate = rate;
    audio.channels = std::move(channels);
    writeWavFile(path, audio, format);
}
} // namespace

TEST_CASE("faltung-capture writes a sweep file, and the recording of it through a room becomes an IR file")
{
    ScratchFolder folder;
    const auto made =
        capture({"sweep", "--length", "3", "--silence", "1", "--output", folder.file("sweep.wav")});
    INFO(made.standardOutput << made.standardError);
    REQUIRE(made.exitCode == 0);
    CHECK_THAT(made.standardOutput, Catch::Contains("faltung-capture deconvolve --sweep"));
    const auto sweep = readAudioFile(folder.file("sweep.wav"));
    CHECK(sweep.numChannels() == 1);
    CHECK(sweep.length() == layoutOf(cliSweep()).length);
    CHECK(readAudioFile(folder.file("sweep-inverse.wav")).length() ==
          static_cast<std::int64_t>(inverseFilter(cliSweep()).taps.size()));

    SyntheticSystem system;
    system.rooms = {factory::loadFactoryImpulseResponse("small-room").channels};
    system.noiseDb = -60.0;
    system.delay = 300;
    writeRecording(folder.file("take 1.wav"), recordSweep(cliSweep(), system));
    for (const std::string output : {"room.wav", "room.flac"})
    {
        const auto r = capture({"deconvolve", "--sweep", folder.file("sweep.wav"), folder.file("take 1.wav"),
                                folder.file(output)});
        INFO(r.standardOutput << r.standardError);
        REQUIRE(r.exitCode == 0);
        CHECK_THAT(r.standardOutput, Catch::Contains("peak to noise") && Catch::Contains("latency") &&
                                         Catch::Contains("distortion") && Catch::Contains("RT60"));
        const auto ir = readAudioFile(folder.file(output));
        CHECK(ir.numChannels() == 2);
        CHECK(ir.sampleRate == 48000.0);
        CHECK(ir.length() > 4800);
        CHECK(readAudioFile(folder.file(output)).length() == ir.length());
    }
    CHECK(readAudioFile(folder.file("room.flac")).length() ==
          readAudioFile(folder.file("room.wav")).length());
}

TEST_CASE("faltung-capture refuses bad recordings with the reason and leaves no output")
{
    ScratchFolder folder;
    REQUIRE(capture({"sweep", "--length", "3", "--silence", "1", "--output", folder.file("sweep.wav")})
                .exitCode == 0);
    SyntheticSystem system;
    system.rooms = {factory::loadFactoryImpulseResponse("small-room").channels};
    system.noiseDb = -60.0;
    const auto good = recordSweep(cliSweep(), system);

    auto loud = good; // written as 24-bit, so it clips at full scale as a converter does
    for (auto& c : loud)
        for (auto& v : c)
            v = std::clamp(v * 1000.0f, -1.0f, 1.0f);
    auto cut = good;
    for (auto& c : cut)
        c.resize(c.size() / 3);
    auto noise = randomSignal(2, static_cast<int>(good[0].size()), 7, 0.1f);
    auto buried = system;
    buried.noiseDb = 3.0;
    auto quiet = recordSweep(cliSweep(), buried);
    for (auto& c : quiet)
        for (auto& v : c)
            v *= 0.1f; // no clipping: the noise is what is loud

    struct Case
    {
        const char* what;
        std::vector<std::vector<float>> recording;
        double rate;
        const char* message;
    };
    const Case cases[] = {
        {"clipped", loud, 48000.0, "the recording clips: channel 1 reaches full scale"},
        {"short", cut, 48000.0, "the recording is shorter than the sweep"},
        {"no sweep", noise, 48000.0, "no sweep found in the recording"},
        {"another rate", good, 44100.0, "the recording is at 44100 Hz and the sweep at 48000 Hz"},
        {"below the noise", quiet, 48000.0, "the sweep is below the noise floor"},
    };
    for (const auto& c : cases)
    {
        INFO(c.what);
        writeRecording(folder.file("take.wav"), c.recording, c.rate,
                       c.recording == loud ? WavSampleFormat::pcm24 : WavSampleFormat::float32);
        const auto r = capture({"deconvolve", "--sweep", folder.file("sweep.wav"), folder.file("take.wav"),
                                folder.file("ir.wav")});
        INFO(r.standardError);
        CHECK(r.exitCode == 1);
        CHECK_THAT(r.standardError, Catch::Contains(c.message));
        CHECK(!std::filesystem::exists(folder.file("ir.wav")));
    }

    // Not a sweep file; and usage mistakes, exit code 2.
    const auto notSweep = capture(
        {"deconvolve", "--sweep", folder.file("take.wav"), folder.file("take.wav"), folder.file("ir.wav")});
    CHECK(notSweep.exitCode == 1);
    CHECK_THAT(notSweep.standardError, Catch::Contains("not a sweep file faltung-capture wrote"));
    CHECK(capture({"measure"}).exitCode == 2);
    CHECK(capture({"sweep", "--end", "30000"}).exitCode == 2);
    CHECK(capture({"deconvolve", folder.file("take.wav"), folder.file("ir.wav")}).exitCode == 2);
}
