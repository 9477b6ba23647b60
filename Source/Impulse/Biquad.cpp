// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "Biquad.h"

#include <cmath>
#include <complex>
#include <numbers>

namespace faltung
{

using std::numbers::pi;

double Biquad::magnitude(double hz, double sampleRate) const noexcept
{
    const std::complex<double> zi = std::polar(1.0, -2.0 * pi * hz / sampleRate);
    return std::abs((b0 + b1 * zi + b2 * zi * zi) / (1.0 + a1 * zi + a2 * zi * zi));
}

namespace
{
Biquad normalised(double b0, double b1, double b2, double a0, double a1, double a2) noexcept
{
    Biquad q;
    q.b0 = b0 / a0;
    q.b1 = b1 / a0;
    q.b2 = b2 / a0;
    q.a1 = a1 / a0;
    q.a2 = a2 / a0;
    return q;
}
} // namespace

Biquad Biquad::lowPass(double hz, double q, double sampleRate) noexcept
{
    const double w = 2.0 * pi * hz / sampleRate;
    const double alpha = std::sin(w) / (2.0 * q);
    const double c = std::cos(w);
    return normalised((1.0 - c) / 2.0, 1.0 - c, (1.0 - c) / 2.0, 1.0 + alpha, -2.0 * c, 1.0 - alpha);
}

Biquad Biquad::highPass(double hz, double q, double sampleRate) noexcept
{
    const double w = 2.0 * pi * hz / sampleRate;
    const double alpha = std::sin(w) / (2.0 * q);
    const double c = std::cos(w);
    return normalised((1.0 + c) / 2.0, -(1.0 + c), (1.0 + c) / 2.0, 1.0 + alpha, -2.0 * c, 1.0 - alpha);
}

Biquad Biquad::peaking(double hz, double q, double gainDb, double sampleRate) noexcept
{
    const double a = std::pow(10.0, gainDb / 40.0);
    const double w = 2.0 * pi * hz / sampleRate;
    const double alpha = std::sin(w) / (2.0 * q);
    const double c = std::cos(w);
    return normalised(1.0 + alpha * a, -2.0 * c, 1.0 - alpha * a, 1.0 + alpha / a, -2.0 * c, 1.0 - alpha / a);
}

} // namespace faltung
