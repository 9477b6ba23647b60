// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "GeneratedContent.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

using namespace faltung;
using namespace faltung::factory;

namespace
{
double peakDb(const std::vector<std::vector<float>>& channels, double rate, double from, double to)
{
    float peak = 0.0f;
    for (const auto& c : channels)
        for (auto n = static_cast<std::size_t>(from * rate);
             n < std::min(c.size(), static_cast<std::size_t>(to * rate)); ++n)
            peak = std::max(peak, std::abs(c[n]));
    return 20.0 * std::log10(static_cast<double>(peak));
}
} // namespace

TEST_CASE("The demo phrase is 8 seconds of stereo peaking at -3 dBFS", "[demo]")
{
    for (const double rate : {48000.0, 44100.0})
    {
        INFO(rate << " Hz");
        const auto demo = rate == kFactorySampleRate ? test::generatedDemo() : generateDemoPhrase(rate);
        REQUIRE(demo.size() == 2);
        CHECK(demo[0].size() == static_cast<std::size_t>(kDemoSeconds * rate));
        CHECK(demo[1].size() == demo[0].size());
        CHECK(peakDb(demo, rate, 0.0, kDemoSeconds) == Approx(kDemoPeakDb).margin(0.01));
    }
}

TEST_CASE("The demo phrase stops twice so that the reverb is heard alone", "[demo]")
{
    const auto& demo = test::generatedDemo();
    const double rate = kFactorySampleRate;
    for (const auto& gap : kDemoGaps)
    {
        INFO("gap from " << gap[0] << " s to " << gap[1] << " s");
        CHECK(peakDb(demo, rate, gap[0], gap[1]) < -140.0);
        // ... and it plays right up to the gap.
        CHECK(peakDb(demo, rate, gap[0] - 0.5, gap[0]) > -20.0);
    }
    CHECK(peakDb(demo, rate, 0.0, 0.5) > -10.0);
    CHECK(peakDb(demo, rate, 4.0, 4.5) > -10.0);
}

TEST_CASE("The demo phrase is stereo and the same every time", "[demo]")
{
    const auto& demo = test::generatedDemo();
    CHECK(test::correlation(demo[0], demo[1], 0, demo[0].size()) < 0.99);
    CHECK(generateDemoPhrase(kFactorySampleRate) == demo);
}
