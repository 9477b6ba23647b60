// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include <array>
#include <cmath>

namespace faltung
{

// A second-order (12 dB/octave) Butterworth high- or low-pass in the topology-
// preserving state-variable form (Zavalishin): it stays stable and quiet while its
// cutoff moves at audio rate, which is what automated filters need. Two channels.
class StateVariableFilter
{
public:
    enum class Type
    {
        highPass,
        lowPass,
    };

    explicit StateVariableFilter(Type type) noexcept
        : type_(type)
    {
    }

    // cutoff in Hz; kept below 0.49 of the sample rate.
    void setCutoff(float cutoffHz, double sampleRate) noexcept
    {
        const double f = std::fmin(static_cast<double>(cutoffHz), 0.49 * sampleRate);
        const double g = std::tan(3.14159265358979323846 * f / sampleRate);
        const double k = 1.4142135623730951; // 1/Q, Q = 1/sqrt(2)
        a1_ = static_cast<float>(1.0 / (1.0 + g * (g + k)));
        a2_ = static_cast<float>(g) * a1_;
        a3_ = static_cast<float>(g) * a2_;
        k_ = static_cast<float>(k);
    }

    float process(int channel, float x) noexcept
    {
        auto& s = state_[static_cast<std::size_t>(channel)];
        const float v3 = x - s[1];
        const float v1 = a1_ * s[0] + a2_ * v3;
        const float v2 = s[1] + a2_ * s[0] + a3_ * v3;
        s[0] = 2.0f * v1 - s[0];
        s[1] = 2.0f * v2 - s[1];
        return type_ == Type::lowPass ? v2 : x - k_ * v1 - v2;
    }

    void reset() noexcept { state_ = {}; }

private:
    Type type_;
    float a1_ = 1.0f, a2_ = 0.0f, a3_ = 0.0f, k_ = 1.4142135f;
    std::array<std::array<float, 2>, 2> state_{};
};

} // namespace faltung
