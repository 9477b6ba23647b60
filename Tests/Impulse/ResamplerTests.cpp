// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "ImpulseResponse.h"
#include "Resampler.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <complex>
#include <numeric>

using namespace faltung;

TEST_CASE("Resampling keeps the timing of an impulse and the level of a sine")
{
    for (auto [from, to] :
         {std::pair{44100.0, 48000.0}, {48000.0, 44100.0}, {48000.0, 96000.0}, {96000.0, 48000.0}})
    {
        CAPTURE(from, to);
        std::vector<float> x(20000, 0.0f);
        x[5000] = 1.0f;
        const auto y = resample({x}, from, to)[0];
        CHECK(y.size() == static_cast<std::size_t>(std::llround(20000 * to / from)));
        const auto peak = std::distance(y.begin(), std::max_element(y.begin(), y.end()));
        CHECK(std::abs(static_cast<double>(peak) - 5000 * to / from) <= 1.0);

        std::vector<float> sine(20000);
        for (std::size_t i = 0; i < sine.size(); ++i)
            sine[i] = static_cast<float>(0.5 * std::sin(2 * M_PI * 1000.0 * static_cast<double>(i) / from));
        const auto s = resample({sine}, from, to)[0];
        // RMS over the middle, away from the edges.
        double sum = 0;
        const std::size_t a = s.size() / 4, b = 3 * s.size() / 4;
        for (std::size_t i = a; i < b; ++i)
            sum += static_cast<double>(s[i]) * s[i];
        const double rmsDb =
            20 * std::log10(std::sqrt(sum / static_cast<double>(b - a)) / (0.5 / std::sqrt(2.0)));
        CHECK(std::abs(rmsDb) < 0.01);
    }
}

TEST_CASE("A signal too short to round to one sample at the new rate still gives one")
{
    // Found by the IR fuzzer: one frame at 310 kHz became no samples at 48 kHz, and an
    // empty IR reached the engine.
    for (std::size_t length : {1, 2, 3})
    {
        CAPTURE(length);
        const auto y = resample({std::vector<float>(length, 0.5f), std::vector<float>(length, -0.5f)},
                                310144.0, 48000.0);
        REQUIRE(y.size() == 2);
        CHECK(y[0].size() == 1);
        CHECK(y[1].size() == 1);
    }
    CHECK(resample({std::vector<float>{}}, 96000.0, 48000.0)[0].empty());
}

TEST_CASE("An IR resampled to another rate keeps its loudness")
{
    // A decaying low-pass IR: its DC gain (the sum of its taps) is what a signal
    // hears at low frequencies, and must not change with the rate.
    ImpulseResponse ir;
    ir.sampleRate = 48000;
    std::vector<float> taps(4800);
    for (std::size_t i = 0; i < taps.size(); ++i)
        taps[i] = static_cast<float>(std::exp(-static_cast<double>(i) / 600.0) * 0.01);
    ir.channels = {taps};
    const double dcGain = std::accumulate(taps.begin(), taps.end(), 0.0);
    for (double rate : {44100.0, 96000.0, 192000.0})
    {
        const auto r = resampledTo(ir, rate);
        CHECK(r.sampleRate == rate);
        const double g = std::accumulate(r.channels[0].begin(), r.channels[0].end(), 0.0);
        CHECK(g == Approx(dcGain).epsilon(0.002));
    }
}

namespace
{
// The level of one frequency in a signal, in dB relative to a full-scale sine,
// over the middle half, with a 4-term Blackman-Harris window (sidelobes at -92 dB
// and falling, so a strong tone cannot leak into a -100 dB measurement elsewhere).
double toneDb(const std::vector<float>& x, double frequency, double rate)
{
    const std::size_t start = x.size() / 4, n = x.size() / 2;
    std::complex<double> sum = 0;
    double windowSum = 0;
    for (std::size_t i = 0; i < n; ++i)
    {
        const double t = 2 * M_PI * static_cast<double>(i) / static_cast<double>(n - 1);
        const double w =
            0.35875 - 0.48829 * std::cos(t) + 0.14128 * std::cos(2 * t) - 0.01168 * std::cos(3 * t);
        windowSum += w;
        sum += w * static_cast<double>(x[start + i]) *
               std::polar(1.0, -2 * M_PI * frequency * static_cast<double>(start + i) / rate);
    }
    return 20 * std::log10(std::max(2 * std::abs(sum) / windowSum, 1e-12));
}

std::vector<float> sine(double frequency, double rate, double seconds, double amplitude = 0.5)
{
    std::vector<float> s(static_cast<std::size_t>(seconds * rate));
    for (std::size_t i = 0; i < s.size(); ++i)
        s[i] = static_cast<float>(amplitude * std::sin(2 * M_PI * frequency * static_cast<double>(i) / rate));
    return s;
}
} // namespace

TEST_CASE("The passband is flat within 0.1 dB up to 20 kHz")
{
    for (auto [from, to] :
         {std::pair{44100.0, 48000.0}, {48000.0, 44100.0}, {96000.0, 44100.0}, {48000.0, 192000.0}})
        for (double f : {50.0, 1000.0, 10000.0, 16000.0, 20000.0})
        {
            CAPTURE(from, to, f);
            const auto y = resample({sine(f, from, 0.5)}, from, to)[0];
            CHECK(std::abs(toneDb(y, f, to) - 20 * std::log10(0.5)) < 0.1);
        }
}

TEST_CASE("Images and aliases stay below -100 dB")
{
    // Downsampling: a 30 kHz tone in a 96 kHz file is above the new Nyquist
    // frequency; it must vanish, not fold back to 48 - 30 = 18 kHz.
    const auto down = resample({sine(30000.0, 96000.0, 0.5, 1.0)}, 96000.0, 48000.0)[0];
    CHECK(toneDb(down, 18000.0, 48000.0) < -100.0);
    CHECK(toneDb(sine(18000.0, 48000.0, 0.5, 1.0), 18000.0, 48000.0) > -0.1); // the measurement sees tones

    // Upsampling: a 20 kHz tone at 44.1 kHz must not leave an image at 24.1 kHz.
    const auto up = resample({sine(20000.0, 44100.0, 0.5, 1.0)}, 44100.0, 96000.0)[0];
    CHECK(toneDb(up, 24100.0, 96000.0) < -100.0);
    CHECK(toneDb(up, 20000.0, 96000.0) > -0.1);
}
