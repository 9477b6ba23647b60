// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "ImpulseResponse.h"
#include "Resampler.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
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
