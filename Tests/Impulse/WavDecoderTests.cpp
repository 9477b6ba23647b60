// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// WAV files byte by byte: every encoding the decoder claims, and the damaged ones
// it must refuse with the right reason.
#include "AudioFileIo.h"
#include "TestFiles.h"
#include "WavBytes.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>

using namespace faltung;
using namespace faltung::test;

namespace
{
// Test values that every encoding can hold exactly: multiples of 1/128. The first
// channel gets them, the others their negatives.
const std::vector<double> kValues{0.0, 0.5, -0.5, 0.25, -0.75, 0.125, -0.0078125, 0.9921875};

std::string makeWav(const WavLayout& w)
{
    std::vector<std::vector<double>> frames;
    for (double v : kValues)
    {
        frames.emplace_back(static_cast<std::size_t>(w.channels), -v);
        frames.back()[0] = v;
    }
    return wavFile(w, frames);
}

std::string reason(const std::string& path)
{
    try
    {
        readAudioFile(path);
    }
    catch (const AudioFileError& e)
    {
        return e.reason();
    }
    FAIL("no error for " << path);
    return {};
}
} // namespace

TEST_CASE("Every PCM width, 32 and 64-bit float, EXTENSIBLE and RF64 decode exactly")
{
    ScratchFolder folder;
    const WavLayout specs[] = {
        {.bits = 8, .channels = 2},
        {.bits = 16, .channels = 2},
        {.bits = 24, .channels = 2},
        {.bits = 32, .channels = 2},
        {.bits = 32, .isFloat = true, .channels = 2},
        {.bits = 64, .isFloat = true, .channels = 2},
        {.bits = 24, .extensible = true, .channels = 2},
        {.bits = 32, .isFloat = true, .extensible = true, .channels = 2},
        {.bits = 64, .isFloat = true, .extensible = true, .channels = 1},
        {.bits = 16, .rf64 = true, .channels = 2},
        {.bits = 24, .channels = 2, .sampleRate = 44100, .oddChunkFirst = true},
    };
    for (const auto& spec : specs)
    {
        CAPTURE(spec.bits, spec.isFloat, spec.extensible, spec.rf64, spec.channels, spec.oddChunkFirst);
        const auto path = folder.writeText("t.wav", makeWav(spec));
        AudioFileReader reader(path);
        CHECK(reader.sampleRate() == static_cast<double>(spec.sampleRate));
        REQUIRE(reader.numChannels() == spec.channels);
        REQUIRE(reader.length() == static_cast<std::int64_t>(kValues.size()));
        CHECK_THAT(reader.formatName(), Catch::Contains(std::to_string(spec.bits) + "-bit"));
        const auto audio = reader.readAll();
        for (std::size_t i = 0; i < kValues.size(); ++i)
            for (int c = 0; c < spec.channels; ++c)
                REQUIRE(audio.channels[static_cast<std::size_t>(c)][i] ==
                        static_cast<float>(c == 0 ? kValues[i] : -kValues[i]));
    }
}

TEST_CASE("Damaged WAV files are refused with the reason")
{
    ScratchFolder folder;
    const WavLayout truncated{.channels = 2, .claimExtraBytes = 4000};
    CHECK_THAT(reason(folder.writeText("a.wav", makeWav(truncated))), Catch::Contains("is truncated"));

    const WavLayout truncatedRf64{.rf64 = true, .channels = 2, .claimExtraBytes = 400};
    CHECK_THAT(reason(folder.writeText("b.wav", makeWav(truncatedRf64))), Catch::Contains("is truncated"));

    const WavLayout adpcm{.channels = 2, .formatTag = 2};
    CHECK_THAT(reason(folder.writeText("c.wav", makeWav(adpcm))),
               Catch::Contains("cannot read (format 0x0002"));

    const WavLayout float16{.bits = 16, .isFloat = true, .channels = 2};
    CHECK_THAT(reason(folder.writeText("d.wav", makeWav(float16))), Catch::Contains("cannot read"));

    const auto whole = makeWav({});
    CHECK_THAT(reason(folder.writeText("e.wav", whole.substr(0, 20))), Catch::Contains("header is cut off"));
    CHECK_THAT(reason(folder.writeText("f.wav", whole.substr(0, 12))), Catch::Contains("header is cut off"));
    std::string noFmt = "RIFF";
    putLe(noFmt, 12, 4);
    noFmt += "WAVEdata";
    putLe(noFmt, 0, 4);
    CHECK_THAT(reason(folder.writeText("g.wav", noFmt)), Catch::Contains("no format chunk"));
}

TEST_CASE("WAV data compiled into the program decodes like a file")
{
    const auto bytes = makeWav({.bits = 64, .isFloat = true, .channels = 2});
    AudioFileReader reader(bytes.data(), bytes.size(), "in memory");
    const auto audio = reader.readAll();
    CHECK(audio.channels[0][1] == 0.5f);
    CHECK(audio.channels[1][1] == -0.5f);
}
