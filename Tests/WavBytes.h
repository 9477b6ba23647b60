// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

// WAV files built byte by byte, header and all, for the decoder's tests and the
// fuzzers' seed corpus: every encoding the decoder claims, and damaged variants.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace faltung::test
{

struct WavLayout
{
    int bits = 16;
    bool isFloat = false;
    bool extensible = false; // WAVE_FORMAT_EXTENSIBLE with its sub-format GUID
    bool rf64 = false;       // RF64 with a ds64 chunk
    int channels = 1;
    std::uint32_t sampleRate = 48000;
    // Damage and oddities:
    bool oddChunkFirst = false;       // an odd-sized unknown chunk before fmt, padded
    std::int64_t claimExtraBytes = 0; // the data chunk claims this many more bytes than it has
    unsigned formatTag = 0;           // 0: the right one
};

inline void putLe(std::string& s, std::uint64_t v, int bytes)
{
    for (int b = 0; b < bytes; ++b)
        s += static_cast<char>((v >> (8 * b)) & 0xFF);
}

// One sample as the layout encodes it. Integers are v * 2^(bits - 1), rounded and
// held to the largest code (so multiples of 1/128 in -1..1 are exact at any
// depth); 8-bit samples are unsigned, offset by 128, as WAV stores them.
inline std::string encodeSample(double v, const WavLayout& w)
{
    std::string s;
    if (w.isFloat && w.bits == 32)
    {
        const float f = static_cast<float>(v);
        std::uint32_t u;
        std::memcpy(&u, &f, 4);
        putLe(s, u, 4);
        return s;
    }
    if (w.isFloat)
    {
        std::uint64_t u;
        std::memcpy(&u, &v, 8);
        putLe(s, u, 8);
        return s;
    }
    const double full = std::ldexp(1.0, w.bits - 1);
    const auto code = static_cast<std::int64_t>(std::clamp(std::round(v * full), -full, full - 1.0));
    putLe(s, static_cast<std::uint64_t>(w.bits == 8 ? code + 128 : code), w.bits / 8);
    return s;
}

// A whole file: frames[i][c] is frame i's sample for channel c.
inline std::string wavFile(const WavLayout& w, const std::vector<std::vector<double>>& frames)
{
    std::string data;
    for (const auto& frame : frames)
        for (int c = 0; c < w.channels; ++c)
            data += encodeSample(frame[static_cast<std::size_t>(c)], w);

    std::string fmt;
    putLe(fmt, w.formatTag != 0 ? w.formatTag : w.extensible ? 0xFFFE : w.isFloat ? 3 : 1, 2);
    putLe(fmt, static_cast<std::uint64_t>(w.channels), 2);
    putLe(fmt, w.sampleRate, 4);
    putLe(fmt, static_cast<std::uint64_t>(w.sampleRate) * static_cast<std::uint64_t>(w.channels * w.bits / 8),
          4);
    putLe(fmt, static_cast<std::uint64_t>(w.channels * w.bits / 8), 2);
    putLe(fmt, static_cast<std::uint64_t>(w.bits), 2);
    if (w.extensible)
    {
        putLe(fmt, 22, 2);
        putLe(fmt, static_cast<std::uint64_t>(w.bits), 2);
        putLe(fmt, w.channels == 1 ? 4 : w.channels == 2 ? 3 : 0, 4); // centre, left + right, unassigned
        putLe(fmt, w.isFloat ? 3 : 1, 2); // sub-format GUID {0000000X-0000-0010-8000-00aa00389b71}
        fmt += std::string("\x00\x00\x00\x00\x10\x00\x80\x00\x00\xAA\x00\x38\x9B\x71", 14);
    }

    const auto claimedData =
        static_cast<std::uint64_t>(static_cast<std::int64_t>(data.size()) + w.claimExtraBytes);
    std::string body = "WAVE";
    if (w.rf64)
    {
        body += "ds64";
        putLe(body, 28, 4);
        putLe(body, 0, 8); // RIFF size: the reader does not need it
        putLe(body, claimedData, 8);
        putLe(body, frames.size(), 8);
        putLe(body, 0, 4);
    }
    if (w.oddChunkFirst)
    {
        body += "LIST";
        putLe(body, 3, 4);
        body += std::string("abc\0", 4); // three bytes and the pad byte
    }
    body += "fmt ";
    putLe(body, fmt.size(), 4);
    body += fmt;
    body += "data";
    putLe(body, w.rf64 ? 0xFFFFFFFFu : claimedData & 0xFFFFFFFFu, 4);
    body += data;

    std::string file = w.rf64 ? "RF64" : "RIFF";
    putLe(file, w.rf64 ? 0xFFFFFFFFu : body.size(), 4);
    return file + body;
}

} // namespace faltung::test
