// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// The wet EQ: its magnitude response against the analog prototypes it is the
// bilinear transform of, measured through the whole processor; and 0 dB is the
// signal untouched.
#include "Denormals.h"
#include "ReverbProcessor.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <complex>
#include <vector>

using namespace faltung;

namespace
{
constexpr double kRate = 48000.0;
using Complex = std::complex<double>;

// The analog prototypes (RBJ's "Audio EQ Cookbook"), s normalised to the corner
// frequency, A = 10^(gain / 40). Written out here on their own, not from EqBand.
Complex lowShelf(Complex s, double A, double q)
{
    const double r = std::sqrt(A) / q;
    return A * (s * s + r * s + A) / (A * s * s + r * s + 1.0);
}
Complex highShelf(Complex s, double A, double q)
{
    const double r = std::sqrt(A) / q;
    return A * (A * s * s + r * s + 1.0) / (s * s + r * s + A);
}
Complex bell(Complex s, double A, double q)
{
    return (s * s + s * (A / q) + 1.0) / (s * s + s / (A * q) + 1.0);
}

// The bilinear transform maps frequency f to the analog frequency tan(pi f / fs),
// so the digital filter's response at f is the prototype's at this s.
Complex prewarped(double f, double corner)
{
    return {0.0, std::tan(M_PI * f / kRate) / std::tan(M_PI * corner / kRate)};
}

double analyticDb(const ReverbSettings& s, double f)
{
    const auto A = [](float db) { return std::pow(10.0, db / 40.0); };
    const double shelfQ = 1.0 / std::sqrt(2.0);
    const Complex h = lowShelf(prewarped(f, s.eqLowFrequencyHz), A(s.eqLowGainDb), shelfQ) *
                      bell(prewarped(f, s.eqBellFrequencyHz), A(s.eqBellGainDb), s.eqBellQ) *
                      highShelf(prewarped(f, s.eqHighFrequencyHz), A(s.eqHighGainDb), shelfQ);
    return 20.0 * std::log10(std::abs(h));
}

// The processor's impulse response with a one-tap IR of 1 (the wet signal is the
// input), fully wet, with these settings.
std::vector<float> impulseResponse(const ReverbSettings& settings, int length)
{
    ScopedFlushDenormals noDenormals;
    ReverbProcessor p;
    p.prepare({kRate, 512, 1, 1});
    EngineSpec spec;
    spec.latencyMode = LatencyMode::zero;
    p.installEngine(makeReverbEngine({{1.0f}}, {kRate, 512, 1, 1}, spec));
    p.setSettingsImmediately(settings);
    std::vector<float> x(static_cast<std::size_t>(length), 0.0f), y(x.size());
    x[0] = 1.0f;
    for (int pos = 0; pos < length; pos += 512)
    {
        const float* in = x.data() + pos;
        float* out = y.data() + pos;
        p.process(&in, &out, std::min(512, length - pos));
    }
    return y;
}

double measuredDb(const std::vector<float>& h, double f)
{
    Complex sum = 0.0;
    const Complex step = std::polar(1.0, -2.0 * M_PI * f / kRate);
    Complex w = 1.0;
    for (float v : h)
    {
        sum += static_cast<double>(v) * w;
        w *= step;
    }
    return 20.0 * std::log10(std::abs(sum));
}
} // namespace

TEST_CASE("The wet EQ's magnitude response is the analytic one within 0.1 dB")
{
    struct Case
    {
        const char* what;
        ReverbSettings settings;
    };
    std::vector<Case> cases;
    auto add = [&](const char* what, auto edit)
    {
        ReverbSettings s;
        edit(s);
        cases.push_back({what, s});
    };
    add("low shelf +12 dB at 150 Hz",
        [](ReverbSettings& s) { s.eqLowFrequencyHz = 150.0f, s.eqLowGainDb = 12.0f; });
    add("low shelf -18 dB at 600 Hz",
        [](ReverbSettings& s) { s.eqLowFrequencyHz = 600.0f, s.eqLowGainDb = -18.0f; });
    add("bell +9 dB at 2.5 kHz, Q 4",
        [](ReverbSettings& s) { s.eqBellFrequencyHz = 2500.0f, s.eqBellGainDb = 9.0f, s.eqBellQ = 4.0f; });
    add("bell -15 dB at 300 Hz, Q 0.5",
        [](ReverbSettings& s) { s.eqBellFrequencyHz = 300.0f, s.eqBellGainDb = -15.0f, s.eqBellQ = 0.5f; });
    add("high shelf -12 dB at 4 kHz",
        [](ReverbSettings& s) { s.eqHighFrequencyHz = 4000.0f, s.eqHighGainDb = -12.0f; });
    add("high shelf +6 dB at 12 kHz",
        [](ReverbSettings& s) { s.eqHighFrequencyHz = 12000.0f, s.eqHighGainDb = 6.0f; });
    add("all three at once",
        [](ReverbSettings& s)
        {
            s.eqLowFrequencyHz = 100.0f, s.eqLowGainDb = 6.0f;
            s.eqBellFrequencyHz = 800.0f, s.eqBellGainDb = -9.0f, s.eqBellQ = 1.5f;
            s.eqHighFrequencyHz = 8000.0f, s.eqHighGainDb = -6.0f;
        });

    for (const auto& c : cases)
    {
        INFO(c.what);
        const auto h = impulseResponse(c.settings, 48000); // a second: every band has rung out
        double worst = 0.0;
        for (double f = 20.0; f < 20000.0; f *= std::pow(2.0, 1.0 / 6.0))
            worst = std::max(worst, std::abs(measuredDb(h, f) - analyticDb(c.settings, f)));
        INFO("largest difference " << worst << " dB");
        CHECK(worst < 0.1);
    }
}

TEST_CASE("At 0 dB the EQ passes the reverb untouched, wherever its frequencies and Q are")
{
    ReverbSettings moved;
    moved.eqLowFrequencyHz = 500.0f;
    moved.eqBellFrequencyHz = 3000.0f;
    moved.eqBellQ = 6.0f;
    moved.eqHighFrequencyHz = 2000.0f;
    const auto h = impulseResponse(moved, 4096);
    CHECK(h[0] == 1.0f);
    for (std::size_t i = 1; i < h.size(); ++i)
        REQUIRE(h[i] == 0.0f);
}
