// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "ImpulseResponse.h"

#include "AudioFileIo.h"
#include "Resampler.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

namespace faltung
{

ImpulseResponse loadImpulseResponse(const std::string& path, const IrLimits& limits)
{
    AudioFileReader reader(path);
    auto ir = loadImpulseResponse(reader, limits);
    ir.name = std::filesystem::path(path).filename().string();
    return ir;
}

ImpulseResponse loadImpulseResponse(AudioFileReader& reader, const IrLimits& limits)
{
    const int channels = reader.numChannels();
    if (channels != 1 && channels != 2 && channels != 4)
        throw AudioFileError(reader.name(),
                             "has " + std::to_string(channels) +
                                 " channels; an impulse response has 1 (mono), 2 (stereo) or 4 "
                                 "(true stereo)");
    const double seconds = static_cast<double>(reader.length()) / reader.sampleRate();
    if (seconds > limits.maxSeconds)
    {
        char text[128];
        std::snprintf(text, sizeof text, "is %.1f s long; impulse responses are limited to %.0f s", seconds,
                      limits.maxSeconds);
        throw AudioFileError(reader.name(), text);
    }

    auto audio = reader.readAll();
    float peak = 0.0f;
    for (const auto& c : audio.channels)
        for (float x : c)
            peak = std::max(peak, std::abs(x));
    if (peak == 0.0f)
        throw AudioFileError(reader.name(), "is silent (every sample is zero)");
    if (const double peakDb = 20.0 * std::log10(static_cast<double>(peak)); peakDb > limits.maxPeakDbfs)
    {
        char text[160];
        std::snprintf(text, sizeof text,
                      "peaks at %+.0f dBFS, far beyond any impulse response: the file is damaged", peakDb);
        throw AudioFileError(reader.name(), text);
    }

    ImpulseResponse ir;
    ir.name = reader.name();
    ir.format = reader.formatName();
    ir.sampleRate = audio.sampleRate;
    ir.channels = std::move(audio.channels);
    return ir;
}

ImpulseResponse loadImpulseResponsePair(const std::string& leftPath, const std::string& rightPath,
                                        const IrLimits& limits)
{
    auto left = loadImpulseResponse(leftPath, limits);
    auto right = loadImpulseResponse(rightPath, limits);
    for (const auto* side : {&left, &right})
        if (side->numChannels() != 1)
            throw AudioFileError(side == &left ? leftPath : rightPath,
                                 "has " + std::to_string(side->numChannels()) +
                                     " channels; each file of a left/right pair must be mono");
    if (left.sampleRate != right.sampleRate)
        throw AudioFileError(rightPath, "has a different sample rate from " + left.name + " (" +
                                            std::to_string(static_cast<int>(right.sampleRate)) + " Hz, not " +
                                            std::to_string(static_cast<int>(left.sampleRate)) + " Hz)");
    const std::size_t length = std::max(left.channels[0].size(), right.channels[0].size());
    left.channels[0].resize(length, 0.0f);
    right.channels[0].resize(length, 0.0f);
    left.channels.push_back(std::move(right.channels[0]));
    left.name += " + " + right.name;
    return left;
}

std::string findStereoPartner(const std::string& path)
{
    const std::filesystem::path p(path);
    const std::string stem = p.stem().string();
    // Pairs of suffixes, both cases; the first that matches the end of the name wins.
    const std::pair<const char*, const char*> patterns[] = {
        {"_L", "_R"}, {"-L", "-R"}, {".L", ".R"}, {" L", " R"}, {"_left", "_right"},
        {"_l", "_r"}, {"-l", "-r"}, {".l", ".r"}, {" l", " r"}, {"_Left", "_Right"},
    };
    for (const auto& [a, b] : patterns)
        for (const auto& [from, to] : {std::pair{a, b}, std::pair{b, a}})
        {
            const std::string suffix = from;
            if (stem.size() > suffix.size() &&
                stem.compare(stem.size() - suffix.size(), suffix.size(), suffix) == 0)
            {
                const auto partner = p.parent_path() / (stem.substr(0, stem.size() - suffix.size()) + to +
                                                        p.extension().string());
                std::error_code ec;
                return std::filesystem::is_regular_file(partner, ec) ? partner.string() : std::string();
            }
        }
    return {};
}

ImpulseResponse resampledTo(const ImpulseResponse& ir, double sampleRate)
{
    if (ir.sampleRate == sampleRate)
        return ir;
    ImpulseResponse out;
    out.name = ir.name;
    out.format = ir.format;
    out.sampleRate = sampleRate;
    out.channels = resample(ir.channels, ir.sampleRate, sampleRate);
    applyGain(out, static_cast<float>(ir.sampleRate / sampleRate));
    return out;
}

float energyNormalisationGain(const ImpulseResponse& ir)
{
    double energy = 0.0;
    for (const auto& c : ir.channels)
        for (float x : c)
            energy += static_cast<double>(x) * x;
    // Each output sums one IR channel per input: 1 and 2 channels feed one output
    // each, the 4 channels of true stereo feed two outputs in pairs.
    const double outputs = ir.numChannels() == 1 ? 1.0 : 2.0;
    const double perOutput = energy / outputs;
    return perOutput > 0.0 ? static_cast<float>(1.0 / std::sqrt(perOutput)) : 1.0f;
}

void applyGain(ImpulseResponse& ir, float gain)
{
    for (auto& c : ir.channels)
        for (auto& x : c)
            x *= gain;
}

} // namespace faltung
