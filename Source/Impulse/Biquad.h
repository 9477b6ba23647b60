// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

namespace faltung
{

// One second-order section in double precision (transposed direct form II), with
// the Audio EQ Cookbook designs (R. Bristow-Johnson). Used where IRs are analysed
// and generated, not on the audio path.
struct Biquad
{
    double b0 = 1.0, b1 = 0.0, b2 = 0.0, a1 = 0.0, a2 = 0.0;
    double z1 = 0.0, z2 = 0.0;

    double process(double x) noexcept
    {
        const double y = b0 * x + z1;
        z1 = b1 * x - a1 * y + z2;
        z2 = b2 * x - a2 * y;
        // A decayed filter would otherwise spend its time in subnormal numbers.
        if (z1 < 1e-150 && z1 > -1e-150 && z2 < 1e-150 && z2 > -1e-150)
            z1 = z2 = 0.0;
        return y;
    }

    void reset() noexcept { z1 = z2 = 0.0; }

    // |H| at frequency hz.
    double magnitude(double hz, double sampleRate) const noexcept;

    static Biquad lowPass(double hz, double q, double sampleRate) noexcept;
    static Biquad highPass(double hz, double q, double sampleRate) noexcept;
    static Biquad peaking(double hz, double q, double gainDb, double sampleRate) noexcept;
};

} // namespace faltung
