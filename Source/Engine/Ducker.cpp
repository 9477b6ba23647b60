// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "Ducker.h"

#include <algorithm>
#include <cmath>

namespace faltung
{

void Ducker::prepare(double sampleRate) noexcept
{
    sampleRate_ = sampleRate;
    reset();
}

void Ducker::reset() noexcept
{
    reductionDb_ = 0.0f;
    peak_ = 0.0f;
    position_ = 0;
    fromGain_ = toGain_ = 1.0f;
}

void Ducker::process(const float* const* detector, int numDetector, float* const* target, int numTarget,
                     int numSamples) noexcept
{
    for (int start = 0; start < numSamples;)
    {
        const int length = std::min(kControlInterval - position_, numSamples - start);
        for (int c = 0; c < numDetector; ++c)
            for (int i = start; i < start + length; ++i)
                peak_ = std::max(peak_, std::fabs(detector[c][i]));
        if (fromGain_ != 1.0f || toGain_ != 1.0f)
        {
            const float step = (toGain_ - fromGain_) / static_cast<float>(kControlInterval);
            for (int i = 0; i < length; ++i)
            {
                const float g = fromGain_ + step * static_cast<float>(position_ + i + 1);
                for (int c = 0; c < numTarget; ++c)
                    target[c][start + i] *= g;
            }
        }
        position_ += length;
        start += length;
        if (position_ == kControlInterval)
            endInterval();
    }
}

void Ducker::endInterval() noexcept
{
    const float peak = peak_;
    peak_ = 0.0f;
    position_ = 0;
    fromGain_ = toGain_;
    const float amount = std::max(0.0f, settings_.amountDb);
    if (amount == 0.0f && reductionDb_ == 0.0f)
    {
        toGain_ = 1.0f;
        return;
    }

    const float levelDb = peak > 1.0e-6f ? 20.0f * std::log10(peak) : -120.0f;
    const float wanted = std::clamp(levelDb - settings_.thresholdDb, 0.0f, amount);

    // Steady rates in dB per interval: full ducking in kAttackSeconds going down,
    // in the release time coming back (from a reduction deeper than a lowered
    // amount too: the rate scales with it).
    const double seconds = kControlInterval / sampleRate_;
    const float attackStep = static_cast<float>(std::max(amount, 1.0f) * seconds / kAttackSeconds);
    const float releaseStep = static_cast<float>(std::max({amount, reductionDb_, 1.0f}) * seconds /
                                                 (0.001 * std::max(settings_.releaseMs, kMinReleaseMs)));
    reductionDb_ = wanted > reductionDb_ ? std::min(wanted, reductionDb_ + attackStep)
                                         : std::max(wanted, reductionDb_ - releaseStep);
    toGain_ = reductionDb_ == 0.0f ? 1.0f : std::pow(10.0f, -reductionDb_ / 20.0f);
}

} // namespace faltung
