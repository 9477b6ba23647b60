// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// A cross-check with a third-party engine: fconvolver, the offline file convolver
// built on zita-convolver (Debian package jconvolver). The README's test command
// installs it; this test installs nothing and fails, saying so, when it is absent.
#include "AudioFileIo.h"
#include "RenderCommand.h"
#include "TestFiles.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>

using namespace faltung;
using namespace faltung::test;

namespace
{
// A plausible room: decaying noise, the same seed for every run.
std::vector<std::vector<float>> decayingNoise(int channels, int length, unsigned seed)
{
    auto ir = randomSignal(channels, length, seed);
    for (auto& c : ir)
        for (std::size_t i = 0; i < c.size(); ++i)
            c[i] *= static_cast<float>(std::exp(-6.9 * static_cast<double>(i) / static_cast<double>(length)));
    return ir;
}

// The largest difference relative to the larger signal's peak, in dB, over the
// length of the longer file (the shorter one counts as zero past its end).
double nullDb(const AudioData& a, const AudioData& b)
{
    double peak = 0.0, worst = 0.0;
    const auto length = std::max(a.length(), b.length());
    for (int c = 0; c < a.numChannels(); ++c)
        for (std::int64_t i = 0; i < length; ++i)
        {
            const double x = i < a.length() ? a.channels[c][static_cast<std::size_t>(i)] : 0.0;
            const double y = i < b.length() ? b.channels[c][static_cast<std::size_t>(i)] : 0.0;
            peak = std::max({peak, std::abs(x), std::abs(y)});
            worst = std::max(worst, std::abs(x - y));
        }
    return 20.0 * std::log10(std::max(worst, 1e-30) / peak);
}
} // namespace

TEST_CASE("faltung-render nulls against fconvolver (zita-convolver) on the same IR and input", "[thirdparty]")
{
    const std::string fconvolver = FALTUNG_FCONVOLVER; // found when the build was configured
    if (!std::filesystem::exists(fconvolver))
        FAIL(fconvolver << " is gone (Debian package jconvolver); the README's test command installs it");

    ScratchFolder folder;
    const int rate = 48000;
    const int irLength = rate * 3 / 2;
    AudioData input;
    input.sampleRate = rate;
    input.channels = randomSignal(2, rate * 2, 21, 0.25f);
    writeWavFile(folder.file("in.wav"), input, WavSampleFormat::float32);
    // fconvolver does not feed silence after its input file ends (its tail never
    // decays), so it gets the input followed by the IR's length of silence.
    AudioData padded = input;
    for (auto& c : padded.channels)
        c.resize(c.size() + static_cast<std::size_t>(irLength), 0.0f);
    writeWavFile(folder.file("padded.wav"), padded, WavSampleFormat::float32);

    struct Case
    {
        const char* name;
        int irChannels;
        // fconvolver's /impulse/read lines: input, output, IR file channel (all from 1)
        std::vector<std::array<int, 3>> routes;
    };
    for (const auto& c : {Case{"stereo", 2, {{1, 1, 1}, {2, 2, 2}}},
                          Case{"true stereo", 4, {{1, 1, 1}, {1, 2, 2}, {2, 1, 3}, {2, 2, 4}}}})
    {
        SECTION(c.name)
        {
            AudioData ir;
            ir.sampleRate = rate;
            ir.channels = decayingNoise(c.irChannels, irLength, 22);
            writeWavFile(folder.file("ir.wav"), ir, WavSampleFormat::float32);

            std::string config = "/cd " + folder.path().string() + "\n/convolver/new 2 2 256 " +
                                 std::to_string(irLength) + " 1\n";
            for (const auto& [in, out, channel] : c.routes)
                config += "/impulse/read " + std::to_string(in) + " " + std::to_string(out) + " 1 0 0 0 " +
                          std::to_string(channel) + " ir.wav\n";
            const auto configFile = folder.writeText("faltung.conf", config);

            const auto zita =
                runCommand(fconvolver, {configFile, folder.file("padded.wav"), folder.file("zita.wav")});
            INFO(zita.standardOutput << zita.standardError);
            REQUIRE(zita.exitCode == 0);
            const auto ours =
                runRender({"--ir", folder.file("ir.wav"), folder.file("in.wav"), folder.file("ours.wav"),
                           "--normalise", "none", "--format", "float32", "--partition", "256"});
            INFO(ours.standardError);
            REQUIRE(ours.exitCode == 0);

            const auto a = readAudioFile(folder.file("ours.wav"));
            const auto b = readAudioFile(folder.file("zita.wav"));
            REQUIRE(a.numChannels() == 2);
            REQUIRE(b.numChannels() == 2);
            const double null = nullDb(a, b);
            WARN(c.name << ": faltung-render vs fconvolver null " << null << " dB");
            CHECK(null <= -90.0);
        }
    }
}
