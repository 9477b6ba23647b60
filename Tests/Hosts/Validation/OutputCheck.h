// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include <juce_audio_basics/juce_audio_basics.h>

#include <atomic>
#include <cmath>
#include <sstream>
#include <string>

namespace faltung::test
{

// What a validator checks after every block: no NaN, no infinity, no subnormal
// (a subnormal in the output means one inside the plugin, slow on every CPU). Safe
// to call from audio threads: Catch2's assertions are not, so the counts are
// checked on the test's own thread afterwards (see clean()).
class OutputCheck
{
public:
    void check(const juce::AudioBuffer<float>& buffer, int numChannels, int numSamples) noexcept
    {
        long nan = 0, inf = 0, subnormal = 0;
        float peak = 0.0f;
        for (int c = 0; c < numChannels; ++c)
            for (int i = 0; i < numSamples; ++i)
            {
                const float x = buffer.getSample(c, i);
                nan += std::isnan(x) ? 1 : 0;
                inf += std::isinf(x) ? 1 : 0;
                subnormal += std::fpclassify(x) == FP_SUBNORMAL ? 1 : 0;
                if (std::isfinite(x))
                    peak = std::max(peak, std::abs(x));
            }
        blocks_ += 1;
        samples_ += numSamples;
        nan_ += nan;
        inf_ += inf;
        subnormal_ += subnormal;
        badBlocks_ += nan + inf + subnormal > 0 ? 1 : 0;
        for (float seen = peak_.load(); peak > seen && !peak_.compare_exchange_weak(seen, peak);)
        {
        }
    }

    long blocks() const noexcept { return blocks_; }
    long samples() const noexcept { return samples_; }
    bool clean() const noexcept { return nan_ == 0 && inf_ == 0 && subnormal_ == 0; }

    std::string summary() const
    {
        std::ostringstream s;
        s << blocks_ << " blocks (" << samples_ << " samples) checked: " << nan_ << " NaN, " << inf_
          << " infinite, " << subnormal_ << " subnormal samples in " << badBlocks_ << " blocks; peak "
          << peak_;
        return s.str();
    }

private:
    std::atomic<long> blocks_{0}, samples_{0}, nan_{0}, inf_{0}, subnormal_{0}, badBlocks_{0};
    std::atomic<float> peak_{0.0f};
};

} // namespace faltung::test
