// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "WetEq.h"

#include <algorithm>
#include <cmath>
#include <complex>

namespace faltung
{

double wetEqMagnitudeDb(const WetEqSettings& s, double frequencyHz, double sampleRate) noexcept
{
    using Complex = std::complex<double>;
    const double pi = 3.14159265358979323846;
    const auto warped = [&](double corner)
    {
        const double c = std::min(corner, 0.49 * sampleRate);
        return Complex(0.0, std::tan(pi * std::min(frequencyHz, 0.4999 * sampleRate) / sampleRate) /
                                std::tan(pi * c / sampleRate));
    };
    const auto amplitude = [](float db) { return std::pow(10.0, static_cast<double>(db) / 40.0); };
    const double shelfQ = static_cast<double>(EqBand::kShelfQ);

    Complex h = 1.0;
    {
        const Complex x = warped(s.lowFrequencyHz);
        const double A = amplitude(s.lowGainDb), r = std::sqrt(A) / shelfQ;
        h *= A * (x * x + r * x + A) / (A * x * x + r * x + 1.0);
    }
    {
        const Complex x = warped(s.bellFrequencyHz);
        const double A = amplitude(s.bellGainDb), q = static_cast<double>(s.bellQ);
        h *= (x * x + x * (A / q) + 1.0) / (x * x + x / (A * q) + 1.0);
    }
    {
        const Complex x = warped(s.highFrequencyHz);
        const double A = amplitude(s.highGainDb), r = std::sqrt(A) / shelfQ;
        h *= A * (A * x * x + r * x + 1.0) / (x * x + r * x + A);
    }
    return 20.0 * std::log10(std::max(std::abs(h), 1.0e-12));
}

void WetEq::prepare(double sampleRate, int numChannels) noexcept
{
    sampleRate_ = sampleRate;
    numChannels_ = std::clamp(numChannels, 1, 2);
    const int ramp = std::max(1, static_cast<int>(std::lround(kRampSeconds * sampleRate)));
    for (auto& band : bands_)
    {
        band.octaves.reset(ramp, 0.0f);
        band.gainDb.reset(ramp, 0.0f);
        band.qOctaves.reset(ramp, 0.0f);
    }
    setSettingsImmediately(WetEqSettings{});
    reset();
}

void WetEq::setSettings(const WetEqSettings& s) noexcept
{
    const float frequencies[] = {s.lowFrequencyHz, s.bellFrequencyHz, s.highFrequencyHz};
    const float gains[] = {s.lowGainDb, s.bellGainDb, s.highGainDb};
    for (std::size_t b = 0; b < bands_.size(); ++b)
    {
        bands_[b].octaves.setTarget(std::log2(std::max(frequencies[b], 1.0f)));
        bands_[b].gainDb.setTarget(gains[b]);
        bands_[b].qOctaves.setTarget(std::log2(std::max(b == 1 ? s.bellQ : EqBand::kShelfQ, 0.01f)));
        bands_[b].stale = true;
    }
}

void WetEq::setSettingsImmediately(const WetEqSettings& s) noexcept
{
    setSettings(s);
    for (auto& band : bands_)
        for (auto* smoother : {&band.octaves, &band.gainDb, &band.qOctaves})
            smoother->setImmediately(smoother->target());
}

void WetEq::reset() noexcept
{
    for (auto& band : bands_)
        band.filter.reset();
}

bool WetEq::neutral() const noexcept
{
    return std::all_of(bands_.begin(), bands_.end(),
                       [](const Band& band)
                       { return band.gainDb.current() == 0.0f && !band.gainDb.isRamping(); });
}

void WetEq::process(float* const* channels, int numSamples) noexcept
{
    for (int start = 0; start < numSamples; start += kControlInterval)
        processInterval(channels, start, std::min(kControlInterval, numSamples - start));
}

void WetEq::processInterval(float* const* channels, int start, int length) noexcept
{
    if (neutral())
    {
        // Frequency and Q may still glide; nothing is heard of them at 0 dB.
        for (auto& band : bands_)
        {
            band.octaves.skip(length);
            band.qOctaves.skip(length);
        }
        reset();
        return;
    }
    for (auto& band : bands_)
    {
        // Coefficients cost a tan and a pow: only while something moves.
        const bool moving =
            band.stale || band.gainDb.isRamping() || band.octaves.isRamping() || band.qOctaves.isRamping();
        const float gain = band.gainDb.skip(length);
        const float frequency = std::exp2(band.octaves.skip(length));
        const float q = std::exp2(band.qOctaves.skip(length));
        if (gain == 0.0f && !band.gainDb.isRamping())
        {
            band.filter.reset();
            band.stale = true; // set when it is next heard
            continue;
        }
        if (moving)
            band.filter.set(frequency, gain, q, sampleRate_);
        band.stale = false;
        for (int c = 0; c < numChannels_; ++c)
        {
            float* x = channels[c] + start;
            for (int i = 0; i < length; ++i)
                x[i] = band.filter.process(c, x[i]);
        }
    }
}

} // namespace faltung
