// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "AudioFileIo.h"
#include "ImpulseResponse.h"
#include "TestFiles.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

using namespace faltung;
using namespace faltung::test;

namespace
{
AudioData signal(int channels, int length, double rate, unsigned seed)
{
    AudioData a;
    a.sampleRate = rate;
    a.channels = randomSignal(channels, length, seed);
    return a;
}

std::string reasonFor(const std::string& path)
{
    try
    {
        loadImpulseResponse(path);
    }
    catch (const AudioFileError& e)
    {
        CHECK(e.file() == path);
        return e.reason();
    }
    FAIL("no error for " << path);
    return {};
}
} // namespace

TEST_CASE("32-bit float WAV round-trips exactly, 24-bit within one step")
{
    ScratchFolder folder;
    const auto a = signal(2, 12345, 44100, 1);
    writeWavFile(folder.file("f.wav"), a, WavSampleFormat::float32);
    writeWavFile(folder.file("i.wav"), a, WavSampleFormat::pcm24);

    const auto f = readAudioFile(folder.file("f.wav"));
    CHECK(f.sampleRate == 44100);
    CHECK(f.channels == a.channels);

    const auto i = readAudioFile(folder.file("i.wav"));
    REQUIRE(i.numChannels() == 2);
    REQUIRE(i.length() == 12345);
    for (int c = 0; c < 2; ++c)
        for (int n = 0; n < 12345; ++n)
            REQUIRE(std::abs(i.channels[c][n] - a.channels[c][n]) <= 1.0f / 8388608.0f);
}

TEST_CASE("The writer leaves nothing behind unless committed, and says when the folder is missing")
{
    ScratchFolder folder;
    {
        WavFileWriter writer(folder.file("out.wav"), 48000, 1, WavSampleFormat::pcm24);
        const float x[3] = {0.1f, 0.2f, 0.3f};
        const float* p[] = {x};
        writer.write(p, 3);
    }
    CHECK(folder.contents().empty());

    try
    {
        WavFileWriter writer(folder.file("no/such/folder/out.wav"), 48000, 1, WavSampleFormat::pcm24);
        FAIL("no error");
    }
    catch (const AudioFileError& e)
    {
        CHECK_THAT(e.reason(), Catch::Contains("does not exist"));
    }
    CHECK(folder.contents().empty());
}

TEST_CASE("Bad IR files are refused with a reason that names the problem")
{
    ScratchFolder folder;
    CHECK_THAT(reasonFor(folder.file("missing.wav")), Catch::Contains("no such file"));
    CHECK_THAT(reasonFor(folder.path().string()), Catch::Contains("folder"));
    CHECK_THAT(reasonFor(folder.writeText("empty.wav", "")), Catch::Contains("empty"));
    CHECK_THAT(reasonFor(folder.writeText("text.wav", "This is a text file, not audio.\n")),
               Catch::Contains("not a recognised audio file"));

    // A WAV cut off inside its header.
    writeWavFile(folder.file("whole.wav"), signal(1, 1000, 48000, 2), WavSampleFormat::pcm24);
    std::ifstream whole(folder.file("whole.wav"), std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(whole)), {});
    CHECK_THAT(reasonFor(folder.writeText("cut.wav", bytes.substr(0, 30))),
               Catch::Contains("header is cut off"));

    // Valid header, no frames.
    writeWavFile(folder.file("zero.wav"), signal(1, 0, 48000, 3), WavSampleFormat::pcm24);
    CHECK_THAT(reasonFor(folder.file("zero.wav")), Catch::Contains("no audio"));

    auto withNan = signal(2, 100, 48000, 4);
    withNan.channels[1][50] = std::numeric_limits<float>::quiet_NaN();
    writeWavFile(folder.file("nan.wav"), withNan, WavSampleFormat::float32);
    CHECK_THAT(reasonFor(folder.file("nan.wav")),
               Catch::Contains("NaN or infinite") && Catch::Contains("channel 2"));

    auto withInf = signal(1, 100, 48000, 5);
    withInf.channels[0][99] = std::numeric_limits<float>::infinity();
    writeWavFile(folder.file("inf.wav"), withInf, WavSampleFormat::float32);
    CHECK_THAT(reasonFor(folder.file("inf.wav")), Catch::Contains("NaN or infinite"));

    auto huge = signal(2, 100, 48000, 8);
    huge.channels[0][10] = 3.0e38f; // finite, near the float maximum
    writeWavFile(folder.file("huge.wav"), huge, WavSampleFormat::float32);
    CHECK_THAT(reasonFor(folder.file("huge.wav")), Catch::Contains("peaks at +770 dBFS"));
    auto loud = signal(1, 100, 48000, 9);
    loud.channels[0][10] = 1000.0f; // +60 dBFS: an unnormalised float IR may be that loud
    writeWavFile(folder.file("loud.wav"), loud, WavSampleFormat::float32);
    CHECK_NOTHROW(loadImpulseResponse(folder.file("loud.wav")));

    writeWavFile(folder.file("three.wav"), signal(3, 100, 48000, 6), WavSampleFormat::pcm24);
    CHECK_THAT(reasonFor(folder.file("three.wav")), Catch::Contains("has 3 channels"));
    writeWavFile(folder.file("six.wav"), signal(6, 100, 48000, 7), WavSampleFormat::pcm24);
    CHECK_THAT(reasonFor(folder.file("six.wav")), Catch::Contains("has 6 channels"));

    AudioData silent;
    silent.sampleRate = 48000;
    silent.channels.assign(2, std::vector<float>(500, 0.0f));
    writeWavFile(folder.file("silent.wav"), silent, WavSampleFormat::pcm24);
    CHECK_THAT(reasonFor(folder.file("silent.wav")), Catch::Contains("silent"));
}

TEST_CASE("Over-long IRs are refused before they are decoded")
{
    ScratchFolder folder;
    writeWavFile(folder.file("long.wav"), signal(1, 8000, 1000, 8), WavSampleFormat::pcm24); // 8 s at 1 kHz
    IrLimits limits;
    limits.maxSeconds = 5.0;
    CHECK_THROWS_WITH(loadImpulseResponse(folder.file("long.wav"), limits),
                      Catch::Contains("limited to 5 s"));
    CHECK(loadImpulseResponse(folder.file("long.wav")).length() == 8000);
}

TEST_CASE("A good IR loads with its name, rate and channels")
{
    ScratchFolder folder;
    writeWavFile(folder.file("room.wav"), signal(4, 2000, 96000, 9), WavSampleFormat::float32);
    const auto ir = loadImpulseResponse(folder.file("room.wav"));
    CHECK(ir.name == "room.wav");
    CHECK(ir.sampleRate == 96000);
    CHECK(ir.numChannels() == 4);
    CHECK(ir.length() == 2000);
}

TEST_CASE("Energy normalisation gives unit energy per output")
{
    ImpulseResponse ir;
    ir.sampleRate = 48000;
    ir.channels = randomSignal(2, 3000, 10);
    applyGain(ir, energyNormalisationGain(ir));
    double energy = 0.0;
    for (const auto& c : ir.channels)
        for (float x : c)
            energy += static_cast<double>(x) * x;
    CHECK(energy / 2.0 == Approx(1.0).epsilon(1e-5));
}
