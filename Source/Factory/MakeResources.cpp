// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// faltung-make-resources OUTDIR
//
// Writes every factory IR as OUTDIR/IRs/<id>.flac and the dry demo phrase as
// OUTDIR/Demo/demo-dry.flac: 24-bit FLAC at 48 kHz. Samples are rounded to the
// nearest 24-bit step here, without dither, so the files come out the same every time.
#include "FactoryContent.h"

#include <juce_audio_formats/juce_audio_formats.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace
{
constexpr int kBitsPerSample = 24;
constexpr int kFlacCompressionLevel = 8; // the smallest files

// Writes channels as 24-bit FLAC; throws std::runtime_error on failure or clipping.
void writeFlac(const juce::File& file, const std::vector<std::vector<float>>& channels, double sampleRate)
{
    if (!file.getParentDirectory().createDirectory())
        throw std::runtime_error("cannot create " +
                                 file.getParentDirectory().getFullPathName().toStdString());
    file.deleteFile();
    auto stream = std::make_unique<juce::FileOutputStream>(file);
    if (stream->failedToOpen())
        throw std::runtime_error("cannot write " + file.getFullPathName().toStdString());

    juce::FlacAudioFormat flac;
    std::unique_ptr<juce::AudioFormatWriter> writer(
        flac.createWriterFor(stream.get(), sampleRate, static_cast<unsigned int>(channels.size()),
                             kBitsPerSample, {}, kFlacCompressionLevel));
    if (writer == nullptr)
        throw std::runtime_error("cannot encode " + file.getFullPathName().toStdString());
    stream.release(); // the writer owns it now

    // The writer takes 32-bit integers with the sample in the top bits.
    constexpr long fullScale = 1L << (kBitsPerSample - 1);
    const std::size_t length = channels.front().size();
    std::vector<std::vector<int>> ints(channels.size(), std::vector<int>(length));
    for (std::size_t c = 0; c < channels.size(); ++c)
        for (std::size_t n = 0; n < length; ++n)
        {
            const long q = std::lround(static_cast<double>(channels[c][n]) * fullScale);
            if (q < -fullScale || q > fullScale - 1)
                throw std::runtime_error(file.getFileName().toStdString() + " would clip");
            ints[c][n] = static_cast<int>(q * (1L << (32 - kBitsPerSample)));
        }
    std::vector<const int*> pointers;
    for (const auto& c : ints)
        pointers.push_back(c.data());
    pointers.push_back(nullptr);
    if (!writer->write(pointers.data(), static_cast<int>(length)))
        throw std::runtime_error("cannot write " + file.getFullPathName().toStdString());
}

double peakDb(const std::vector<std::vector<float>>& channels)
{
    float peak = 0.0f;
    for (const auto& c : channels)
        for (const float x : c)
            peak = std::max(peak, std::abs(x));
    return 20.0 * std::log10(static_cast<double>(peak));
}
} // namespace

int main(int argc, char* argv[])
{
    using namespace faltung::factory;
    if (argc != 2)
    {
        std::fprintf(stderr, "usage: faltung-make-resources OUTDIR\n"
                             "Writes the factory IRs to OUTDIR/IRs and the demo phrase to OUTDIR/Demo.\n");
        return 2;
    }
    const juce::File outDir = juce::File::getCurrentWorkingDirectory().getChildFile(argv[1]);
    try
    {
        for (const auto& id : factoryIrIds())
        {
            const FactoryIr ir = generateFactoryIr(id);
            const juce::File file = outDir.getChildFile("IRs").getChildFile(id + ".flac");
            writeFlac(file, ir.channels, ir.sampleRate);
            std::printf("%-18s %6.3f s  peak %6.2f dBFS  %8lld bytes\n", id.c_str(),
                        static_cast<double>(ir.channels.front().size()) / ir.sampleRate, peakDb(ir.channels),
                        static_cast<long long>(file.getSize()));
        }
        const auto demo = generateDemoPhrase(kFactorySampleRate);
        const juce::File file = outDir.getChildFile("Demo").getChildFile("demo-dry.flac");
        writeFlac(file, demo, kFactorySampleRate);
        std::printf("%-18s %6.3f s  peak %6.2f dBFS  %8lld bytes\n", "demo-dry",
                    static_cast<double>(demo.front().size()) / kFactorySampleRate, peakDb(demo),
                    static_cast<long long>(file.getSize()));
    }
    catch (const std::exception& e)
    {
        std::fprintf(stderr, "faltung-make-resources: %s\n", e.what());
        return 1;
    }
    return 0;
}
