// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "SweepFile.h"

#include "AudioFileIo.h"

#include <cstdint>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <vector>

namespace faltung
{

namespace
{
std::uint32_t le32(const char* p)
{
    return static_cast<std::uint32_t>(static_cast<unsigned char>(p[0])) |
           static_cast<std::uint32_t>(static_cast<unsigned char>(p[1])) << 8 |
           static_cast<std::uint32_t>(static_cast<unsigned char>(p[2])) << 16 |
           static_cast<std::uint32_t>(static_cast<unsigned char>(p[3])) << 24;
}

// The ICMT text in a RIFF file's LIST INFO chunk; empty when it has none.
std::string riffComment(const std::vector<char>& file)
{
    if (file.size() < 12 || std::memcmp(file.data(), "RIFF", 4) != 0 ||
        std::memcmp(file.data() + 8, "WAVE", 4) != 0)
        return {};
    for (std::size_t at = 12; at + 8 <= file.size();)
    {
        const std::size_t size = le32(file.data() + at + 4);
        const std::size_t body = at + 8;
        if (body + size > file.size())
            break;
        if (std::memcmp(file.data() + at, "LIST", 4) == 0 && size >= 4 &&
            std::memcmp(file.data() + body, "INFO", 4) == 0)
            for (std::size_t sub = body + 4; sub + 8 <= body + size;)
            {
                const std::size_t subSize = le32(file.data() + sub + 4);
                if (sub + 8 + subSize > body + size)
                    break;
                if (std::memcmp(file.data() + sub, "ICMT", 4) == 0)
                    return std::string(file.data() + sub + 8, strnlen(file.data() + sub + 8, subSize));
                sub += 8 + subSize + (subSize & 1);
            }
        at = body + size + (size & 1);
    }
    return {};
}
} // namespace

void writeSweepFile(const std::string& path, const SweepSpec& spec)
{
    AudioData audio;
    audio.sampleRate = spec.sampleRate;
    audio.channels = sweepSignal(spec);
    writeWavFile(path, audio, WavSampleFormat::pcm24, describe(spec));
}

void writeInverseFilterFile(const std::string& path, const SweepSpec& spec)
{
    AudioData audio;
    audio.sampleRate = spec.sampleRate;
    audio.channels = {inverseFilter(spec).taps};
    writeWavFile(path, audio, WavSampleFormat::float32);
}

SweepSpec readSweepFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw std::runtime_error(path + ": cannot be opened");
    const std::vector<char> file((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto comment = riffComment(file);
    if (comment.empty())
        throw std::runtime_error(
            path + ": not a sweep file faltung-capture wrote (it carries no sweep description)");
    try
    {
        return parseSweepSpec(comment);
    }
    catch (const std::invalid_argument& e)
    {
        throw std::runtime_error(path + ": " + e.what());
    }
}

} // namespace faltung
