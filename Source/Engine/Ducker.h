// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

namespace faltung
{

struct DuckerSettings
{
    float amountDb = 0.0f;      // the most the reverb is turned down; 0 = off
    float thresholdDb = -30.0f; // input peak level (dBFS) where ducking begins
    float releaseMs = 300.0f;   // time to come back up from full ducking
};

// Turns the reverb down while the dry input plays, so that it blooms in the gaps.
// The reverb drops 1 dB for every dB the input's peak is above the threshold, by
// at most the amount; when the input falls, it comes back up at a steady rate in dB
// that takes the release time from full ducking to none. The attack is fast
// (kAttackSeconds from none to full) and there is no look-ahead, so no latency.
// The level is read once every kControlInterval samples of the stream (the peak
// over the interval, whatever the blocks the host calls with, so the output does
// not depend on them) and the gain glides linearly to the new value over the next
// interval, so nothing clicks. With the amount at 0 dB and nothing left to
// recover, the reverb passes untouched.
class Ducker
{
public:
    static constexpr int kControlInterval = 16;
    static constexpr double kAttackSeconds = 0.005;
    static constexpr float kMinReleaseMs = 10.0f;

    void prepare(double sampleRate) noexcept;
    void setSettings(const DuckerSettings& settings) noexcept { settings_ = settings; }
    void reset() noexcept;

    // Reads the level of `detector` (numDetector channels) and turns `target`
    // (numTarget channels) down in place; numSamples of each.
    void process(const float* const* detector, int numDetector, float* const* target, int numTarget,
                 int numSamples) noexcept;

    float reductionDb() const noexcept { return reductionDb_; } // now, for meters and tests

private:
    void endInterval() noexcept;

    double sampleRate_ = 48000.0;
    DuckerSettings settings_;
    float reductionDb_ = 0.0f;
    float peak_ = 0.0f;     // of the input, over this interval so far
    int position_ = 0;      // samples into this interval
    float fromGain_ = 1.0f; // the gain glides from this to toGain_ over this interval
    float toGain_ = 1.0f;
};

} // namespace faltung
