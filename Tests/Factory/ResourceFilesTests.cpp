// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// The files in Resources/ are what faltung-make-resources writes: the generator's
// output rounded to 24 bits. If the generator changes, these fail until the files are
// made again (faltung-make-resources Resources).
#include "GeneratedContent.h"

#include <juce_audio_formats/juce_audio_formats.h>

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>

using namespace faltung;
using namespace faltung::factory;

namespace
{
const std::filesystem::path kResources{FALTUNG_RESOURCES_DIR};
constexpr double kStep24 = 1.0 / 8388608.0; // one 24-bit step

struct FlacFile
{
    double sampleRate = 0.0;
    unsigned int bitsPerSample = 0;
    std::vector<std::vector<float>> channels;
};

FlacFile readFlac(const std::filesystem::path& path)
{
    juce::FlacAudioFormat flac;
    auto* stream = new juce::FileInputStream(juce::File(path.string()));
    std::unique_ptr<juce::AudioFormatReader> reader(flac.createReaderFor(stream, true));
    if (reader == nullptr)
        FAIL("cannot read " << path);
    FlacFile file;
    file.sampleRate = reader->sampleRate;
    file.bitsPerSample = reader->bitsPerSample;
    const auto length = static_cast<int>(reader->lengthInSamples);
    juce::AudioBuffer<float> buffer(static_cast<int>(reader->numChannels), length);
    reader->read(&buffer, 0, length, 0, true, true);
    for (int c = 0; c < buffer.getNumChannels(); ++c)
        file.channels.emplace_back(buffer.getReadPointer(c), buffer.getReadPointer(c) + length);
    return file;
}

void checkMatches(const FlacFile& file, const std::vector<std::vector<float>>& generated)
{
    CHECK(file.sampleRate == kFactorySampleRate);
    CHECK(file.bitsPerSample == 24);
    REQUIRE(file.channels.size() == generated.size());
    for (std::size_t c = 0; c < generated.size(); ++c)
    {
        REQUIRE(file.channels[c].size() == generated[c].size());
        double worst = 0.0;
        for (std::size_t n = 0; n < generated[c].size(); ++n)
            worst = std::max(worst, std::abs(static_cast<double>(file.channels[c][n]) - generated[c][n]));
        INFO("channel " << c << ": largest difference " << worst / kStep24 << " steps");
        CHECK(worst <= kStep24);
    }
}
} // namespace

TEST_CASE("The shipped factory IRs match the generator", "[resources]")
{
    for (const auto& id : factoryIrIds())
    {
        const auto path = kResources / "IRs" / (id + ".flac");
        INFO(path);
        REQUIRE(std::filesystem::exists(path));
        checkMatches(readFlac(path), test::generatedIr(id).channels);
    }
}

TEST_CASE("The shipped demo phrase matches the generator", "[resources]")
{
    const auto path = kResources / "Demo" / "demo-dry.flac";
    INFO(path);
    REQUIRE(std::filesystem::exists(path));
    checkMatches(readFlac(path), test::generatedDemo());
}

TEST_CASE("The resources stay small", "[resources]")
{
    std::uintmax_t total = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(kResources))
        if (entry.is_regular_file())
            total += entry.file_size();
    CHECK(total < 8u * 1024u * 1024u);
}
