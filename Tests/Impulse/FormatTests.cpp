// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// Every file format the loader promises, written by JUCE's own writers and read
// back through AudioFileReader.
#include "AudioFileIo.h"
#include "TestFiles.h"

#include <catch2/catch.hpp>
#include <juce_audio_formats/juce_audio_formats.h>

#include <cmath>
#include <fstream>

using namespace faltung;
using namespace faltung::test;

namespace
{
std::vector<std::vector<float>> sines(int channels, int length)
{
    std::vector<std::vector<float>> v(static_cast<std::size_t>(channels),
                                      std::vector<float>(static_cast<std::size_t>(length)));
    for (int c = 0; c < channels; ++c)
        for (int i = 0; i < length; ++i)
            v[static_cast<std::size_t>(c)][static_cast<std::size_t>(i)] =
                static_cast<float>(0.5 * std::sin(2 * M_PI * (440.0 + 110.0 * c) * i / 48000.0));
    return v;
}

void writeWith(juce::AudioFormat& format, const std::string& path,
               const std::vector<std::vector<float>>& audio, int bits, int quality = 0)
{
    juce::File file(path);
    auto stream = file.createOutputStream();
    REQUIRE(stream != nullptr);
    std::unique_ptr<juce::AudioFormatWriter> writer(format.createWriterFor(
        stream.get(), 48000.0, static_cast<unsigned>(audio.size()), bits, {}, quality));
    REQUIRE(writer != nullptr);
    stream.release();
    std::vector<const float*> pointers;
    for (const auto& c : audio)
        pointers.push_back(c.data());
    REQUIRE(writer->writeFromFloatArrays(pointers.data(), static_cast<int>(audio.size()),
                                         static_cast<int>(audio[0].size())));
}

double worstError(const AudioData& a, const std::vector<std::vector<float>>& expected)
{
    double worst = 0;
    for (std::size_t c = 0; c < expected.size(); ++c)
        for (std::size_t i = 0; i < expected[c].size(); ++i)
            worst = std::max(worst, static_cast<double>(std::abs(a.channels[c][i] - expected[c][i])));
    return worst;
}
} // namespace

TEST_CASE("WAV (16, 24, 32-bit and float), AIFF and FLAC read back exactly, Ogg Vorbis closely")
{
    ScratchFolder folder;
    const auto audio = sines(2, 24000);
    juce::WavAudioFormat wav;
    juce::AiffAudioFormat aiff;
    juce::FlacAudioFormat flac;
    juce::OggVorbisAudioFormat ogg;

    struct Case
    {
        juce::AudioFormat* format;
        const char* name;
        int bits;
        double tolerance;
    };
    for (const auto& c : {Case{&wav, "a16.wav", 16, 1.0 / 32768}, Case{&wav, "a24.wav", 24, 1.0 / 8388608},
                          Case{&wav, "a32.wav", 32, 0.0}, Case{&aiff, "a.aiff", 24, 1.0 / 8388608},
                          Case{&flac, "a.flac", 24, 1.0 / 8388608}, Case{&ogg, "a.ogg", 16, 0.02}})
    {
        CAPTURE(c.name);
        writeWith(*c.format, folder.file(c.name), audio, c.bits, c.format == &ogg ? 8 : 0);
        AudioFileReader reader(folder.file(c.name));
        CHECK(reader.sampleRate() == 48000.0);
        CHECK(reader.numChannels() == 2);
        CHECK(reader.length() == 24000);
        CHECK(worstError(reader.readAll(), audio) <= c.tolerance);
    }
}

TEST_CASE("A file is recognised by its contents, whatever its name ends with")
{
    // Found by the IR fuzzer: JUCE picks its readers for a file by the extension, so
    // an AIFF, FLAC or Ogg file without one (or with the wrong one) was refused from
    // disk but read from memory (an embedded IR).
    ScratchFolder folder;
    const auto audio = sines(1, 4800);
    juce::AiffAudioFormat aiff;
    juce::FlacAudioFormat flac;
    juce::OggVorbisAudioFormat ogg;
    for (auto [format, name] : {std::pair<juce::AudioFormat*, const char*>{&aiff, "aiff-named.wav"},
                                {&flac, "flac-named.aiff"},
                                {&ogg, "ogg-without-extension"}})
    {
        CAPTURE(name);
        writeWith(*format, folder.file(name), audio, format == &ogg ? 16 : 24, format == &ogg ? 8 : 0);
        AudioFileReader reader(folder.file(name));
        CHECK(reader.length() == 4800);
        CHECK(worstError(reader.readAll(), audio) <= 0.02);
    }
}

TEST_CASE("A damaged AIFF is refused with a reason, the same from memory and from a file")
{
    // Found by the IR fuzzer: JUCE's AIFF reader took the sample rate from bytes past
    // the end of a file cut off in its header, which it never wrote, so every load had
    // its own rate; and it decoded a file without sound data from its header.
    ScratchFolder folder;
    const auto path = folder.file("room.aiff");
    juce::AiffAudioFormat aiff;
    writeWith(aiff, path, sines(2, 4000), 24);
    std::ifstream file(path, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(file)), {});
    const auto comm = bytes.find("COMM");
    const auto ssnd = bytes.find("SSND");
    REQUIRE(comm != std::string::npos);
    REQUIRE(ssnd != std::string::npos);
    const std::pair<std::string, const char*> cases[] = {
        // Channels, frames and bits, and 4 of the 10 bytes of the sample rate.
        {bytes.substr(0, comm + 8 + 2 + 4 + 2 + 4), "no sound data"},
        {bytes.substr(0, ssnd), "no sound data"},
        {bytes.substr(0, bytes.size() - 100), "cut off"},
    };
    for (const auto& [cut, reason] : cases)
    {
        CAPTURE(cut.size(), reason);
        const auto cutPath = folder.writeText("cut.aiff", cut);
        for (int i = 0; i < 3; ++i)
        {
            CHECK_THROWS_WITH(AudioFileReader(cutPath), Catch::Contains(reason) && Catch::Contains("AIFF"));
            CHECK_THROWS_WITH(AudioFileReader(cut.data(), cut.size(), "cut.aiff"), Catch::Contains(reason));
        }
    }
    // The whole file still reads.
    CHECK(AudioFileReader(path).length() == 4000);
}
