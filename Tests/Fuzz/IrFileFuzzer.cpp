// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// libFuzzer target: the IR file loader. Each input is the bytes of a file, loaded
// as the plugin and faltung-render load IRs (WavDecoder for WAV and RF64, JUCE for
// AIFF, FLAC and Ogg Vorbis), once from memory and once from a file on disk. Both
// must agree; a bad file may only be refused with an AudioFileError. A loaded IR
// then goes through the loader's own pipeline: analysis, edits, resampling.
#include "AudioFileIo.h"
#include "ImpulseResponse.h"
#include "IrAnalysis.h"
#include "IrEdits.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>
#include <unistd.h>

using namespace faltung;

namespace
{
// Samples (frames x channels) a fuzz input may make the loader decode: 5 s of
// stereo at 48 kHz. A few hundred bytes of FLAC or a damaged header can promise an
// hour of audio; the loader allocates and decodes (pads with zeros) what a header
// announces, up to the 60 s IR limit, which is legitimate for a real file but takes
// minutes under ASan and would only make the fuzzer report timeouts.
constexpr std::int64_t kMaxSamples = std::int64_t{1} << 18;
// The analysis, edits and resampling run on IRs up to this long (they are slow).
constexpr std::int64_t kMaxProcessedSamples = std::int64_t{1} << 15;

std::optional<ImpulseResponse> load(AudioFileReader& reader)
{
    if (reader.length() * reader.numChannels() > kMaxSamples)
        return std::nullopt;
    try
    {
        return loadImpulseResponse(reader);
    }
    catch (const AudioFileError&)
    {
        return std::nullopt; // refused with a reason: what a bad file must get
    }
}

std::optional<ImpulseResponse> loadFromMemory(const std::uint8_t* data, std::size_t size)
{
    try
    {
        AudioFileReader reader(data, size, "fuzz input");
        return load(reader);
    }
    catch (const AudioFileError&)
    {
        return std::nullopt;
    }
}

std::optional<ImpulseResponse> loadFromFile(const std::uint8_t* data, std::size_t size)
{
    static const std::string path = "/tmp/faltung-fuzz-ir-" + std::to_string(getpid());
    {
        std::ofstream file(path, std::ios::binary | std::ios::trunc);
        file.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    try
    {
        AudioFileReader reader(path);
        return load(reader);
    }
    catch (const AudioFileError&)
    {
        return std::nullopt;
    }
}

[[noreturn]] void fail(const char* what)
{
    std::fprintf(stderr, "IrFileFuzzer: %s\n", what);
    std::abort();
}

void process(const ImpulseResponse& ir, std::size_t inputSize)
{
    if (static_cast<std::int64_t>(ir.length()) * ir.numChannels() > kMaxProcessedSamples)
        return;
    analyseImpulseResponse(ir.channels, ir.sampleRate);
    // Edits picked from the input's size, so that an input always does the same.
    IrEdits edits;
    edits.autoTrimStart = (inputSize & 1) != 0;
    edits.reverse = (inputSize & 2) != 0;
    edits.decay = (inputSize & 4) != 0 ? 0.3 : 1.0;
    edits.stretch = (inputSize & 8) != 0 ? 1.5 : 1.0;
    edits.trueStereoOrder =
        (inputSize & 16) != 0 ? TrueStereoOrder::outputsFirst : TrueStereoOrder::inputsFirst;
    const auto prepared = resampledTo(applyEdits(ir, edits), 48000.0);
    if (prepared.numChannels() != ir.numChannels() || prepared.length() <= 0)
        fail("the prepared IR lost its channels or its length");
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const auto fromMemory = loadFromMemory(data, size);
    const auto fromFile = loadFromFile(data, size);
    if (fromMemory.has_value() != fromFile.has_value())
        fail("the same bytes load from memory but not from a file, or the other way round");
    if (!fromMemory)
        return 0;
    if (fromMemory->channels != fromFile->channels || fromMemory->sampleRate != fromFile->sampleRate)
        fail("the same bytes decode differently from memory and from a file");
    process(*fromMemory, size);
    return 0;
}
