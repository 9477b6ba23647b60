// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// WAV files byte by byte: every encoding the decoder claims, and the damaged ones
// it must refuse with the right reason.
#include "AudioFileIo.h"
#include "TestFiles.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>

using namespace faltung;
using namespace faltung::test;

namespace
{
void put16(std::string& s, unsigned v)
{
    s += static_cast<char>(v & 0xFF);
    s += static_cast<char>((v >> 8) & 0xFF);
}

void put32(std::string& s, std::uint32_t v)
{
    put16(s, v & 0xFFFF);
    put16(s, v >> 16);
}

void put64(std::string& s, std::uint64_t v)
{
    put32(s, static_cast<std::uint32_t>(v));
    put32(s, static_cast<std::uint32_t>(v >> 32));
}

// Test values that every encoding can hold exactly: multiples of 1/128.
const std::vector<double> kValues{0.0, 0.5, -0.5, 0.25, -0.75, 0.125, -0.0078125, 0.9921875};

std::string encode(double v, int bits, bool isFloat)
{
    std::string s;
    if (isFloat && bits == 32)
    {
        float f = static_cast<float>(v);
        std::uint32_t u;
        std::memcpy(&u, &f, 4);
        put32(s, u);
    }
    else if (isFloat)
    {
        std::uint64_t u;
        std::memcpy(&u, &v, 8);
        put64(s, u);
    }
    else if (bits == 8)
        s += static_cast<char>(static_cast<int>(std::lround(v * 128.0)) + 128);
    else
    {
        const auto scaled = static_cast<std::int64_t>(std::llround(v * std::ldexp(1.0, bits - 1)));
        for (int b = 0; b < bits / 8; ++b)
            s += static_cast<char>((static_cast<std::uint64_t>(scaled) >> (8 * b)) & 0xFF);
    }
    return s;
}

struct WavSpec
{
    int bits = 16;
    bool isFloat = false;
    bool extensible = false;
    bool rf64 = false;
    int channels = 2;
    bool oddChunkFirst = false;       // an odd-sized unknown chunk before fmt, padded
    std::int64_t claimExtraBytes = 0; // data chunk claims this many more bytes than present
    unsigned formatTag = 0;           // 0: the right one
};

std::string makeWav(const WavSpec& w)
{
    std::string data;
    for (double v : kValues)
        for (int c = 0; c < w.channels; ++c)
            data += encode(c == 0 ? v : -v, w.bits, w.isFloat);

    std::string fmt;
    const unsigned tag = w.formatTag != 0 ? w.formatTag : w.extensible ? 0xFFFE : w.isFloat ? 3 : 1;
    put16(fmt, tag);
    put16(fmt, static_cast<unsigned>(w.channels));
    put32(fmt, 44100);
    put32(fmt, static_cast<std::uint32_t>(44100 * w.channels * w.bits / 8));
    put16(fmt, static_cast<unsigned>(w.channels * w.bits / 8));
    put16(fmt, static_cast<unsigned>(w.bits));
    if (w.extensible)
    {
        put16(fmt, 22);
        put16(fmt, static_cast<unsigned>(w.bits));
        put32(fmt, w.channels == 2 ? 3 : 4);
        put16(fmt, w.isFloat ? 3 : 1); // sub-format GUID: {0000000X-0000-0010-8000-00aa00389b71}
        fmt += std::string("\x00\x00\x00\x00\x10\x00\x80\x00\x00\xAA\x00\x38\x9B\x71", 14);
    }

    std::string body = "WAVE";
    if (w.rf64)
    {
        body += "ds64";
        put32(body, 28);
        put64(body, 0);
        put64(body, data.size() + static_cast<std::uint64_t>(w.claimExtraBytes));
        put64(body, 0);
        put32(body, 0);
    }
    if (w.oddChunkFirst)
    {
        body += "LIST";
        put32(body, 3);
        body += std::string("abc\0", 4); // three bytes and the pad byte
    }
    body += "fmt ";
    put32(body, static_cast<std::uint32_t>(fmt.size()));
    body += fmt;
    body += "data";
    put32(body, w.rf64
                    ? 0xFFFFFFFFu
                    : static_cast<std::uint32_t>(static_cast<std::int64_t>(data.size()) + w.claimExtraBytes));
    body += data;

    std::string file = w.rf64 ? "RF64" : "RIFF";
    put32(file, w.rf64 ? 0xFFFFFFFFu : static_cast<std::uint32_t>(body.size()));
    return file + body;
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
    const WavSpec specs[] = {
        {8},
        {16},
        {24},
        {32},
        {32, true},
        {64, true},
        {24, false, true},
        {32, true, true},
        {64, true, true, false, 1},
        {16, false, false, true},
        {24, false, false, false, 2, true},
    };
    for (const auto& spec : specs)
    {
        CAPTURE(spec.bits, spec.isFloat, spec.extensible, spec.rf64, spec.channels, spec.oddChunkFirst);
        const auto path = folder.writeText("t.wav", makeWav(spec));
        AudioFileReader reader(path);
        CHECK(reader.sampleRate() == 44100.0);
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
    WavSpec truncated;
    truncated.claimExtraBytes = 4000;
    CHECK_THAT(reason(folder.writeText("a.wav", makeWav(truncated))), Catch::Contains("is truncated"));

    WavSpec truncatedRf64;
    truncatedRf64.rf64 = true;
    truncatedRf64.claimExtraBytes = 400;
    CHECK_THAT(reason(folder.writeText("b.wav", makeWav(truncatedRf64))), Catch::Contains("is truncated"));

    WavSpec adpcm;
    adpcm.formatTag = 2;
    CHECK_THAT(reason(folder.writeText("c.wav", makeWav(adpcm))),
               Catch::Contains("cannot read (format 0x0002"));

    WavSpec float16;
    float16.isFloat = true;
    float16.bits = 16;
    CHECK_THAT(reason(folder.writeText("d.wav", makeWav(float16))), Catch::Contains("cannot read"));

    const auto whole = makeWav({});
    CHECK_THAT(reason(folder.writeText("e.wav", whole.substr(0, 20))), Catch::Contains("header is cut off"));
    CHECK_THAT(reason(folder.writeText("f.wav", whole.substr(0, 12))), Catch::Contains("header is cut off"));
    std::string noFmt = "RIFF";
    put32(noFmt, 12);
    noFmt += "WAVEdata";
    put32(noFmt, 0);
    CHECK_THAT(reason(folder.writeText("g.wav", noFmt)), Catch::Contains("no format chunk"));
}

TEST_CASE("WAV data compiled into the program decodes like a file")
{
    const auto bytes = makeWav({64, true});
    AudioFileReader reader(bytes.data(), bytes.size(), "in memory");
    const auto audio = reader.readAll();
    CHECK(audio.channels[0][1] == 0.5f);
    CHECK(audio.channels[1][1] == -0.5f);
}
