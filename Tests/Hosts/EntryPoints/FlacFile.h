// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include <string>
#include <vector>

namespace faltung::test
{

struct DecodedAudio
{
    double sampleRate = 0.0;
    std::vector<std::vector<float>> channels;
};

// A whole FLAC file as floats in [-1, 1), with libFLAC (the host has no JUCE).
// Throws std::runtime_error when the file cannot be decoded.
DecodedAudio readFlacFile(const std::string& path);

} // namespace faltung::test
