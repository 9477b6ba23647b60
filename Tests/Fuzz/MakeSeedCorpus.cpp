// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// faltung-fuzz-seeds OUTDIR: writes the fuzzers' seed corpora, made by the
// project's own code rather than checked in as binaries:
//   OUTDIR/ir     a small IR in every format and encoding the loader reads (WAV PCM
//                 8 to 32 bit, 32/64-bit float, EXTENSIBLE, RF64; AIFF, FLAC, Ogg
//                 Vorbis), each also truncated
//   OUTDIR/state  plugin states as setStateInformation receives them: version 1, 2
//                 and 3, a file IR, a left/right pair, an embedded IR, truncated
#include "FaltungProcessor.h"
#include "WavBytes.h"

#include <juce_audio_formats/juce_audio_formats.h>
#include <juce_audio_processors/juce_audio_processors.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

using namespace faltung;
namespace fs = std::filesystem;

namespace
{
using Bytes = std::string;

void write(const fs::path& path, const Bytes& bytes)
{
    std::ofstream(path, std::ios::binary) << bytes;
}

// A file and its first half (a download cut short, a header without its data).
void writeWithTruncated(const fs::path& folder, const std::string& name, const Bytes& bytes)
{
    write(folder / name, bytes);
    write(folder / ("truncated-" + name), bytes.substr(0, bytes.size() / 2));
}

// A short decaying noise burst: what an IR looks like, and never silent.
float sample(int channel, int i)
{
    const auto noise = static_cast<float>(((i * 7919 + channel * 104729) % 2003) - 1001) / 1001.0f;
    return 0.8f * noise * std::exp(-static_cast<float>(i) / 24.0f);
}

// The burst in the layout's encoding.
Bytes makeWav(const test::WavLayout& w, int length = 64)
{
    std::vector<std::vector<double>> frames(static_cast<std::size_t>(length));
    for (int i = 0; i < length; ++i)
        for (int c = 0; c < w.channels; ++c)
            frames[static_cast<std::size_t>(i)].push_back(sample(c, i));
    return test::wavFile(w, frames);
}

// A file written by one of JUCE's writers (AIFF, FLAC, Ogg Vorbis).
Bytes makeWithJuce(juce::AudioFormat& format, int channels, int frames, int bits, int quality)
{
    juce::AudioBuffer<float> audio(channels, frames);
    for (int c = 0; c < channels; ++c)
        for (int i = 0; i < frames; ++i)
            audio.setSample(c, i, sample(c, i));
    juce::MemoryBlock block;
    {
        auto stream = std::make_unique<juce::MemoryOutputStream>(block, false);
        std::unique_ptr<juce::AudioFormatWriter> writer(format.createWriterFor(
            stream.get(), 48000.0, static_cast<unsigned>(channels), bits, {}, quality));
        if (writer == nullptr)
            throw std::runtime_error("cannot write " + format.getFormatName().toStdString());
        stream.release();
        writer->writeFromAudioSampleBuffer(audio, 0, frames);
    }
    return Bytes(static_cast<const char*>(block.getData()), block.getSize());
}

void writeIrSeeds(const fs::path& folder)
{
    fs::create_directories(folder);
    for (int bits : {8, 16, 24, 32})
        writeWithTruncated(folder, "pcm" + std::to_string(bits) + ".wav", makeWav({.bits = bits}));
    writeWithTruncated(folder, "float32-stereo.wav", makeWav({.bits = 32, .isFloat = true, .channels = 2}));
    writeWithTruncated(folder, "float64-true-stereo.wav",
                       makeWav({.bits = 64, .isFloat = true, .channels = 4}));
    writeWithTruncated(folder, "extensible-pcm24-stereo.wav",
                       makeWav({.bits = 24, .extensible = true, .channels = 2}));
    writeWithTruncated(folder, "extensible-float32.wav",
                       makeWav({.bits = 32, .isFloat = true, .extensible = true}));
    writeWithTruncated(folder, "rf64-pcm16.wav", makeWav({.bits = 16, .rf64 = true}));

    juce::AiffAudioFormat aiff;
    juce::FlacAudioFormat flac;
    juce::OggVorbisAudioFormat ogg;
    writeWithTruncated(folder, "pcm16-stereo.aiff", makeWithJuce(aiff, 2, 64, 16, 0));
    writeWithTruncated(folder, "pcm24.aiff", makeWithJuce(aiff, 1, 64, 24, 0));
    writeWithTruncated(folder, "pcm24-stereo.flac", makeWithJuce(flac, 2, 256, 24, 5));
    writeWithTruncated(folder, "pcm16-true-stereo.flac", makeWithJuce(flac, 4, 64, 16, 0));
    writeWithTruncated(folder, "stereo.ogg", makeWithJuce(ogg, 2, 1024, 16, 0));
}

Bytes binaryState(const char* xml)
{
    juce::MemoryBlock block;
    juce::AudioProcessor::copyXmlToBinary(*juce::parseXML(xml), block);
    return Bytes(static_cast<const char*>(block.getData()), block.getSize());
}

Bytes stateOf(FaltungProcessor& p)
{
    juce::MemoryBlock block;
    p.getStateInformation(block);
    return Bytes(static_cast<const char*>(block.getData()), block.getSize());
}

void writeStateSeeds(const fs::path& folder, const fs::path& scratch)
{
    fs::create_directories(folder);
    // Version 1: parameters (the partition size as the old index) and a factory IR.
    writeWithTruncated(folder, "v1-factory", binaryState(R"(<FaltungState version="1"><Parameters>
<PARAM id="mix" value="64.0"/><PARAM id="partitionSize" value="4.0"/></Parameters>
<IrSource kind="factory" factoryId="chamber"/></FaltungState>)"));
    writeWithTruncated(folder, "v1-file", binaryState(R"(<FaltungState version="1">
<IrSource kind="file" filePath="/nowhere/room.wav"/></FaltungState>)"));
    // Version 2: program, file references, a left/right pair, an embedded IR (not FLAC).
    writeWithTruncated(folder, "v2-pair", binaryState(R"(<FaltungState version="2" program="3" embedIr="0">
<Parameters><PARAM id="width" value="50.0"/></Parameters>
<IrSource kind="file" filePath="/nowhere/room_L.wav" relativePath="rooms/room_L.wav" hash="0123456789abcdef"
 size="1234" rightFilePath="/nowhere/room_R.wav" rightRelativePath="rooms/room_R.wav"
 rightHash="fedcba9876543210" rightSize="1234"/></FaltungState>)"));
    writeWithTruncated(folder, "v2-bad-embedded", binaryState(R"(<FaltungState version="2" embedIr="1">
<IrSource kind="file" filePath="/nowhere/x.wav" embeddedName="x.wav" embeddedScale="1"
 embedded="bm90IGEgZmxhYyBmaWxl"/></FaltungState>)"));

    // Version 3 as the plugin saves it today: the defaults, and a file IR embedded.
    juce::ScopedJuceInitialiser_GUI juce;
    FaltungProcessor p;
    p.waitForImpulseResponse(30000);
    writeWithTruncated(folder, "v3-default", stateOf(p));

    fs::create_directories(scratch);
    const auto irPath = scratch / "small-room.wav";
    write(irPath, makeWav({.bits = 24, .channels = 2}, 128));
    p.loadImpulseResponse(IrSource::fromFile(irPath.string()));
    if (!p.waitForImpulseResponse(30000) || !p.impulseResponseError().empty())
        throw std::runtime_error("the seed IR did not load: " + p.impulseResponseError());
    writeWithTruncated(folder, "v3-file", stateOf(p));
    p.setEmbedIrInSession(true);
    writeWithTruncated(folder, "v3-embedded", stateOf(p));
    fs::remove_all(scratch);
}
} // namespace

int main(int argc, char** argv)
{
    if (argc != 2)
    {
        std::fprintf(stderr, "usage: faltung-fuzz-seeds OUTDIR\n");
        return 2;
    }
    try
    {
        const fs::path out = argv[1];
        writeIrSeeds(out / "ir");
        writeStateSeeds(out / "state", out / "scratch");
    }
    catch (const std::exception& e)
    {
        std::fprintf(stderr, "faltung-fuzz-seeds: %s\n", e.what());
        return 1;
    }
    return 0;
}
