// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// Ducking: how far the reverb goes down against the input's level, how fast it
// comes back, and that an amount of 0 dB leaves it alone.
#include "Ducker.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

using namespace faltung;

namespace
{
constexpr double kRate = 48000.0;

// Runs the ducker on a sine of this peak level (the detector) for `seconds`, with
// a target of ones, and returns the target: the gain it applied, sample by sample.
std::vector<float> gainFor(Ducker& ducker, double peakDb, double seconds)
{
    const auto n = static_cast<std::size_t>(seconds * kRate);
    std::vector<float> detector(n), gain(n, 1.0f);
    const double peak = peakDb <= -200.0 ? 0.0 : std::pow(10.0, peakDb / 20.0);
    for (std::size_t i = 0; i < n; ++i)
        detector[i] =
            static_cast<float>(peak * std::sin(2.0 * M_PI * 997.0 * static_cast<double>(i) / kRate));
    for (std::size_t pos = 0; pos < n; pos += 256)
    {
        const float* d = detector.data() + pos;
        float* g = gain.data() + pos;
        ducker.process(&d, 1, &g, 1, static_cast<int>(std::min<std::size_t>(256, n - pos)));
    }
    return gain;
}

double toDb(float gain)
{
    return 20.0 * std::log10(static_cast<double>(gain));
}
} // namespace

TEST_CASE("The reverb goes down 1 dB per dB of input above the threshold, by at most the amount")
{
    for (const float amount : {6.0f, 12.0f, 24.0f})
        for (const float threshold : {-40.0f, -20.0f})
            for (double level = -60.0; level <= 0.0; level += 5.0)
            {
                Ducker ducker;
                ducker.prepare(kRate);
                ducker.setSettings({amount, threshold, 200.0f});
                const auto gain = gainFor(ducker, level, 0.5);
                const double reduction = -toDb(gain.back());
                const double expected = std::clamp(level - threshold, 0.0, static_cast<double>(amount));
                INFO("amount " << amount << " dB, threshold " << threshold << " dB, input at " << level
                               << " dBFS: reduced by " << reduction << " dB, expected " << expected);
                // Within 10 %, and within 0.05 dB where none is expected.
                CHECK(std::abs(reduction - expected) <= std::max(0.1 * expected, 0.05));
            }
}

TEST_CASE("After the input stops, the reverb comes back up in the release time")
{
    for (const float release : {50.0f, 300.0f, 2000.0f})
        for (const float amount : {6.0f, 18.0f})
        {
            Ducker ducker;
            ducker.prepare(kRate);
            ducker.setSettings({amount, -40.0f, release});
            gainFor(ducker, 0.0, 0.2); // fully ducked
            REQUIRE(ducker.reductionDb() == Approx(amount));
            const auto gain = gainFor(ducker, -300.0, 2.5 * release / 1000.0 + 0.1);
            std::size_t back = 0; // the first sample at full level again
            while (back < gain.size() && gain[back] < 1.0f)
                ++back;
            const double ms = 1000.0 * static_cast<double>(back) / kRate;
            // Half-way in dB at half the time: a steady rate, not a curve.
            const std::size_t half = static_cast<std::size_t>(0.5 * release / 1000.0 * kRate);
            INFO("release " << release << " ms, amount " << amount << " dB: back after " << ms
                            << " ms; at half the time " << -toDb(gain[half]) << " dB");
            CHECK(std::abs(ms - release) <= 0.1 * release);
            CHECK(-toDb(gain[half]) == Approx(amount / 2.0).margin(0.1 * amount));
        }
}

TEST_CASE("Ducking starts within a few milliseconds of the input, with no look-ahead")
{
    Ducker ducker;
    ducker.prepare(kRate);
    ducker.setSettings({12.0f, -30.0f, 300.0f});
    for (float g : gainFor(ducker, -300.0, 0.1))
        REQUIRE(g == 1.0f); // no look-ahead: the silence before the input is untouched
    const auto gain = gainFor(ducker, 0.0, 0.1);
    const auto full = static_cast<std::size_t>((Ducker::kAttackSeconds + 0.001) * kRate);
    CHECK(-toDb(gain[full]) == Approx(12.0).margin(0.01));
}

TEST_CASE("An amount of 0 dB leaves the reverb untouched, however loud the input")
{
    Ducker ducker;
    ducker.prepare(kRate);
    ducker.setSettings({0.0f, -60.0f, 100.0f});
    for (float g : gainFor(ducker, 0.0, 0.2))
        REQUIRE(g == 1.0f);
}
