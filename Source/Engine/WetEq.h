// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include "EqBand.h"
#include "LinearSmoother.h"

#include <array>

namespace faltung
{

struct WetEqSettings
{
    float lowFrequencyHz = 200.0f; // low shelf
    float lowGainDb = 0.0f;
    float bellFrequencyHz = 1000.0f;
    float bellGainDb = 0.0f;
    float bellQ = 0.7f;
    float highFrequencyHz = 6000.0f; // high shelf
    float highGainDb = 0.0f;
};

// The EQ's magnitude response at a frequency, in dB, as drawn in the editor: the
// analog prototypes at the frequency the bilinear transform maps it to, which is
// exactly the digital filters' response.
double wetEqMagnitudeDb(const WetEqSettings& settings, double frequencyHz, double sampleRate) noexcept;

// The reverb's EQ: a low shelf, a bell and a high shelf in series, on up to two
// channels in place. Frequencies and Q glide in octaves and gains in dB, so any
// change is smooth; the coefficients follow every kControlInterval samples. While
// every gain is 0 dB and still, the signal passes untouched (and costs nothing).
class WetEq
{
public:
    static constexpr int kControlInterval = 16;
    static constexpr double kRampSeconds = 0.05;

    void prepare(double sampleRate, int numChannels) noexcept;
    void setSettings(const WetEqSettings& settings) noexcept;
    void setSettingsImmediately(const WetEqSettings& settings) noexcept;
    void reset() noexcept;
    void process(float* const* channels, int numSamples) noexcept;

private:
    struct Band
    {
        EqBand filter;
        LinearSmoother octaves, gainDb, qOctaves;
        bool stale = true; // its coefficients are not those of its settings
    };

    bool neutral() const noexcept;
    void processInterval(float* const* channels, int start, int length) noexcept;

    double sampleRate_ = 48000.0;
    int numChannels_ = 2;
    std::array<Band, 3> bands_{Band{EqBand(EqBand::Shape::lowShelf), {}, {}, {}, true},
                               Band{EqBand(EqBand::Shape::bell), {}, {}, {}, true},
                               Band{EqBand(EqBand::Shape::highShelf), {}, {}, {}, true}};
};

} // namespace faltung
