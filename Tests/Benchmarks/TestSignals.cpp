// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "TestSignals.h"

#include "Random.h"
#include "ReferenceConvolution.h"

#include <cmath>

namespace faltung::bench
{

namespace
{
constexpr std::uint64_t kInputSeed = 0x46616c74756e6731ull; // "Faltung1"
constexpr std::uint64_t kIrSeed = 0x46616c74756e6732ull;    // "Faltung2"
} // namespace

std::vector<std::vector<float>> makeInputNoise(int numChannels, std::size_t length)
{
    std::vector<std::vector<float>> channels;
    for (int c = 0; c < numChannels; ++c)
    {
        factory::Pcg32 random(kInputSeed, static_cast<std::uint64_t>(c));
        auto& samples = channels.emplace_back(length);
        for (auto& x : samples)
            x = static_cast<float>(random.uniform(-0.5, 0.5));
    }
    return channels;
}

std::vector<std::vector<float>> makeImpulseResponse(Layout layout, int length)
{
    const int numChannels = BenchCase{.layout = layout}.numIrChannels();
    const double decayPerSample = std::log(1000.0) / static_cast<double>(length); // -60 dB at the end
    std::vector<std::vector<float>> ir;
    for (int c = 0; c < numChannels; ++c)
    {
        factory::Pcg32 random(kIrSeed, static_cast<std::uint64_t>(c));
        std::vector<double> tail(static_cast<std::size_t>(length), 0.0);
        double energy = 0.0;
        for (std::size_t n = 1; n < tail.size(); ++n)
        {
            tail[n] = random.gaussian() * std::exp(-decayPerSample * static_cast<double>(n));
            energy += tail[n] * tail[n];
        }
        const double tailGain = energy > 0.0 ? 1.0 / std::sqrt(energy) : 0.0;
        const bool crossPath = numChannels == 4 && (c == 1 || c == 2);
        auto& samples = ir.emplace_back(static_cast<std::size_t>(length));
        for (std::size_t n = 0; n < samples.size(); ++n)
            samples[n] = static_cast<float>(tail[n] * tailGain);
        samples[0] = crossPath ? 0.4f : 0.8f;
    }
    return ir;
}

std::vector<std::vector<double>> referenceWindow(Layout layout, const std::vector<std::vector<float>>& ir,
                                                 const std::vector<std::vector<float>>& input,
                                                 std::size_t windowStart, std::size_t windowLength)
{
    const std::size_t used = windowStart + windowLength;
    const int numOutputs = BenchCase{.layout = layout}.numOutputs();
    std::vector<std::vector<double>> window(static_cast<std::size_t>(numOutputs),
                                            std::vector<double>(windowLength, 0.0));
    for (const Path& path : pathsOf(layout))
    {
        const auto& x = input[static_cast<std::size_t>(path.input)];
        const std::vector<float> head(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(used));
        const auto full = test::referenceConvolution(head, ir[static_cast<std::size_t>(path.irChannel)]);
        auto& out = window[static_cast<std::size_t>(path.output)];
        for (std::size_t i = 0; i < windowLength; ++i)
            out[i] += full[windowStart + i];
    }
    return window;
}

} // namespace faltung::bench
