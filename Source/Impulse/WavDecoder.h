// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace faltung
{

// Where a decoder reads bytes from: a file or a block of memory.
class ByteSource
{
public:
    virtual ~ByteSource() = default;
    // Reads up to n bytes at the current position; returns how many were read.
    virtual std::size_t read(void* into, std::size_t n) = 0;
    virtual void seek(std::uint64_t position) = 0;
    virtual std::uint64_t size() const = 0;

    static std::unique_ptr<ByteSource> ofFile(const std::string& path); // throws std::runtime_error
    static std::unique_ptr<ByteSource> ofMemory(const void* data, std::size_t size);
};

// A WAV file's header, as parsed.
struct WavFormat
{
    enum class Encoding
    {
        pcm,
        ieeeFloat,
    };
    Encoding encoding = Encoding::pcm;
    int numChannels = 0;
    double sampleRate = 0.0;
    int bitsPerSample = 0; // 8, 16, 24 or 32 for PCM; 32 or 64 for float
    std::int64_t numFrames = 0;
};

// Decodes WAV files itself rather than through JUCE, for the formats JUCE lacks
// (64-bit float) and for exact checks: every PCM width from 8 to 32 bits, 32- and
// 64-bit IEEE float, WAVE_FORMAT_EXTENSIBLE and RF64. A data chunk that promises
// more audio than the file holds is refused as truncated instead of being padded
// with silence. Errors are thrown as std::runtime_error with a reason for the user.
class WavDecoder
{
public:
    // True when the first 12 bytes are a RIFF or RF64 WAVE header.
    static bool recognises(const unsigned char* first12Bytes);

    explicit WavDecoder(std::unique_ptr<ByteSource> source);

    const WavFormat& format() const noexcept { return format_; }
    std::string description() const; // such as "WAV, 24-bit PCM" or "WAV, 64-bit float"

    // Decodes the next numFrames frames into dest (numChannels arrays). Throws if
    // the file ends early (it was truncated, or changed while being read).
    void read(float* const* dest, std::int64_t numFrames);

private:
    void parseHeader();

    std::unique_ptr<ByteSource> source_;
    WavFormat format_;
    int blockAlign_ = 0;
    std::uint64_t dataStart_ = 0;
    std::int64_t framesRead_ = 0;
    std::vector<unsigned char> scratch_;
};

} // namespace faltung
