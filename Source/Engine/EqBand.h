// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include <array>
#include <cmath>

namespace faltung
{

// One band of a parametric EQ: a low shelf, a bell or a high shelf, as a
// state-variable filter in the trapezoidal (topology-preserving) form that
// Andrew Simper describes: the output mixes the input with the band-pass and
// low-pass of one SVF. Its response is exactly the bilinear transform of the
// analog prototype (the RBJ cookbook's shelves and peak), and it stays quiet while
// its frequency, gain and Q move at audio rate. At 0 dB it passes the input
// unchanged, sample for sample. Two channels.
class EqBand
{
public:
    enum class Shape
    {
        lowShelf,
        bell,
        highShelf,
    };

    static constexpr float kShelfQ = 0.70710678f; // a shelf with no overshoot (RBJ's S = 1)

    explicit EqBand(Shape shape) noexcept
        : shape_(shape)
    {
    }

    // frequency in Hz (kept below 0.49 of the sample rate), gain in dB, q > 0
    // (the shelves use kShelfQ whatever q says).
    void set(float frequencyHz, float gainDb, float q, double sampleRate) noexcept
    {
        const double f = std::fmin(static_cast<double>(frequencyHz), 0.49 * sampleRate);
        const double A = std::pow(10.0, static_cast<double>(gainDb) / 40.0);
        double g = std::tan(3.14159265358979323846 * f / sampleRate);
        double k = 1.0 / static_cast<double>(kShelfQ);
        double m0 = 1.0, m1 = 0.0, m2 = 0.0;
        switch (shape_)
        {
            case Shape::bell:
                k = 1.0 / (static_cast<double>(q) * A);
                m1 = k * (A * A - 1.0);
                break;
            case Shape::lowShelf:
                g /= std::sqrt(A);
                m1 = k * (A - 1.0);
                m2 = A * A - 1.0;
                break;
            case Shape::highShelf:
                g *= std::sqrt(A);
                m0 = A * A;
                m1 = k * (1.0 - A) * A;
                m2 = 1.0 - A * A;
                break;
        }
        const double a1 = 1.0 / (1.0 + g * (g + k));
        a1_ = static_cast<float>(a1);
        a2_ = static_cast<float>(g * a1);
        a3_ = static_cast<float>(g * g * a1);
        m0_ = static_cast<float>(m0);
        m1_ = static_cast<float>(m1);
        m2_ = static_cast<float>(m2);
    }

    float process(int channel, float x) noexcept
    {
        auto& s = state_[static_cast<std::size_t>(channel)];
        const float v3 = x - s[1];
        const float v1 = a1_ * s[0] + a2_ * v3;        // band-pass
        const float v2 = s[1] + a2_ * s[0] + a3_ * v3; // low-pass
        s[0] = 2.0f * v1 - s[0];
        s[1] = 2.0f * v2 - s[1];
        return m0_ * x + m1_ * v1 + m2_ * v2;
    }

    void reset() noexcept { state_ = {}; }

private:
    Shape shape_;
    float a1_ = 1.0f, a2_ = 0.0f, a3_ = 0.0f;
    float m0_ = 1.0f, m1_ = 0.0f, m2_ = 0.0f;
    std::array<std::array<float, 2>, 2> state_{};
};

} // namespace faltung
