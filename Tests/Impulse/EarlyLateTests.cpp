// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "EarlyLate.h"
#include "IrAnalysis.h"
#include "IrEdits.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <random>

using namespace faltung;

namespace
{
constexpr double kRate = 48000.0;

// 5 ms of silence, a direct sound, then a decaying diffuse tail.
ImpulseResponse room(unsigned seed)
{
    std::mt19937 rng(seed);
    std::normal_distribution<double> gauss;
    ImpulseResponse ir;
    ir.sampleRate = kRate;
    for (int c = 0; c < 2; ++c)
    {
        std::vector<float> x(static_cast<std::size_t>(1.2 * kRate), 0.0f);
        x[240] = 0.8f;
        for (std::size_t n = 241; n < x.size(); ++n)
            x[n] =
                static_cast<float>(0.05 * gauss(rng) * std::pow(10.0, -3.0 * static_cast<double>(n) / kRate));
        ir.channels.push_back(std::move(x));
    }
    return ir;
}

double energyDb(const ImpulseResponse& ir, std::size_t first, std::size_t last)
{
    double e = 0.0;
    for (const auto& c : ir.channels)
        for (std::size_t n = first; n < std::min(last, c.size()); ++n)
            e += static_cast<double>(c[n]) * c[n];
    return 10.0 * std::log10(e);
}
} // namespace

TEST_CASE("Early and Late change the energy before and after the split by their dB", "[parts]")
{
    // Outside the crossfade (5 ms centred on the split), which belongs to both.
    const auto ir = room(1);
    const std::size_t split = 240 + static_cast<std::size_t>(0.080 * kRate);
    const std::size_t halfFade = static_cast<std::size_t>(kSplitCrossfadeMs / 2000.0 * kRate);
    for (const bool normalise : {false, true})
        for (const auto& [early, late] : {std::pair{6.0, -10.0}, std::pair{-20.0, 3.0}, std::pair{0.0, 12.0}})
        {
            IrEdits neutral;
            neutral.normalise = normalise;
            IrEdits e = neutral;
            e.parts = {80.0, early, late, 0.0};
            const auto before = applyEdits(ir, neutral);
            const auto after = applyEdits(ir, e);
            INFO("early " << early << " dB, late " << late << " dB, normalised: " << normalise);
            CHECK(energyDb(after, 0, split - halfFade) - energyDb(before, 0, split - halfFade) ==
                  Approx(early).margin(0.2));
            CHECK(energyDb(after, split + halfFade, after.channels[0].size()) -
                      energyDb(before, split + halfFade, before.channels[0].size()) ==
                  Approx(late).margin(0.2));
        }
}

TEST_CASE("A part at its lowest level is silent, and the crossfade leaves no edge", "[parts]")
{
    const auto ir = room(2);
    IrEdits e;
    e.normalise = false;
    e.parts = {50.0, kPartOffDb, 0.0, 0.0};
    const auto lateOnly = applyEdits(ir, e);
    const std::size_t fade = static_cast<std::size_t>(kSplitCrossfadeMs / 1000.0 * kRate);
    const std::size_t split = 240 + static_cast<std::size_t>(0.050 * kRate) - fade / 2; // the fade's start
    for (std::size_t n = 0; n < split; ++n)
        REQUIRE(lateOnly.channels[0][n] == 0.0f);
    // The tail rises over the crossfade as sin^2, from 0 to 1.
    double previous = 0.0;
    for (std::size_t n = split; n < split + fade; ++n)
    {
        const double gain = lateOnly.channels[0][n] / ir.channels[0][n];
        CHECK(gain >= previous - 1e-6);
        CHECK(gain - previous < 2.0 / static_cast<double>(fade)); // at most pi / 2 per fade, times 1.27
        CHECK(gain <= 1.0 + 1e-6);
        previous = gain;
    }
    for (std::size_t n = split + fade; n < ir.channels[0].size(); ++n)
        REQUIRE(lateOnly.channels[0][n] == ir.channels[0][n]);
}

TEST_CASE("The late predelay moves the tail alone, leaving a gap after the early part", "[parts]")
{
    const auto ir = room(3);
    IrEdits e;
    e.normalise = false;
    e.parts = {30.0, 0.0, 0.0, 40.0};
    const auto moved = applyEdits(ir, e);
    const std::size_t fade = static_cast<std::size_t>(kSplitCrossfadeMs / 1000.0 * kRate);
    const std::size_t split = 240 + static_cast<std::size_t>(0.030 * kRate) - fade / 2; // the fade's start
    const std::size_t delay = static_cast<std::size_t>(0.040 * kRate);
    REQUIRE(moved.channels[0].size() == ir.channels[0].size() + delay);
    for (std::size_t n = 0; n < split; ++n)
        REQUIRE(moved.channels[0][n] == ir.channels[0][n]);
    for (std::size_t n = split + fade; n < split + delay; ++n)
        REQUIRE(moved.channels[0][n] == 0.0f);
    for (std::size_t n = split + fade; n < ir.channels[0].size(); ++n)
        REQUIRE(moved.channels[0][n + delay] == ir.channels[0][n]);
}

TEST_CASE("An auto split falls at the IR's mixing time, or 80 ms after the onset without one", "[parts]")
{
    const auto ir = room(4);
    const EarlyTimes times = measureEarlyTimes(ir.channels, kRate);
    REQUIRE(std::isfinite(times.mixingTimeSeconds));
    CHECK(splitSeconds(ir, 0.0) == Approx(0.005 + times.mixingTimeSeconds).margin(1e-9));
    CHECK(splitSeconds(ir, 120.0) == Approx(0.125).margin(1e-9));

    ImpulseResponse echoes; // separate reflections only: never diffuse
    echoes.sampleRate = kRate;
    echoes.channels.assign(1, std::vector<float>(24000, 0.0f));
    for (std::size_t n = 480; n < 24000; n += 1500)
        echoes.channels[0][n] = 0.5f;
    CHECK(splitSeconds(echoes, 0.0) == Approx(0.010 + kDefaultSplitMs / 1000.0).margin(1e-9));
}

TEST_CASE("Early and late at neutral change nothing, whatever the split", "[parts]")
{
    const auto ir = room(5);
    IrEdits e;
    e.parts.splitMs = 150.0;
    CHECK(applyEdits(ir, e).channels == applyEdits(ir, IrEdits{}).channels);
}
