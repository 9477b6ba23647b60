// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "Resampler.h"

#include <algorithm>
#include <cmath>
#include <soxr.h>
#include <stdexcept>
#include <string>

namespace faltung
{

std::vector<std::vector<float>> resample(const std::vector<std::vector<float>>& channels, double fromRate,
                                         double toRate)
{
    if (!(fromRate > 0.0) || !(toRate > 0.0))
        throw std::invalid_argument("resample: sample rates must be positive");
    if (fromRate == toRate || channels.empty())
        return channels;

    const std::size_t inLength = channels.front().size();
    if (inLength == 0)
        return channels;
    // At least one sample: a very short IR at a much higher rate (a single frame at
    // 192 kHz, say) rounds to none, and an IR must never come out empty.
    const auto outLength = std::max<std::size_t>(
        1, static_cast<std::size_t>(std::llround(static_cast<double>(inLength) * toRate / fromRate)));
    const auto numChannels = static_cast<unsigned>(channels.size());

    std::vector<std::vector<float>> out(channels.size(), std::vector<float>(outLength, 0.0f));
    std::vector<const float*> in;
    std::vector<float*> dest;
    for (std::size_t c = 0; c < channels.size(); ++c)
    {
        in.push_back(channels[c].data());
        dest.push_back(out[c].data());
    }

    const soxr_io_spec_t io = soxr_io_spec(SOXR_FLOAT32_S, SOXR_FLOAT32_S);
    const soxr_quality_spec_t quality = soxr_quality_spec(SOXR_VHQ, 0);
    std::size_t done = 0;
    const soxr_error_t error = soxr_oneshot(fromRate, toRate, numChannels, in.data(), inLength, nullptr,
                                            dest.data(), outLength, &done, &io, &quality, nullptr);
    if (error != nullptr)
        throw std::runtime_error(std::string("resampling failed: ") + error);
    return out;
}

} // namespace faltung
