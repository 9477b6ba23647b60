// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// The factory IRs against their designs, measured with the IR analysis.
#include "FactoryCatalog.h"
#include "Filters.h"
#include "GeneratedContent.h"
#include "IrAnalysis.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <complex>
#include <numbers>

using namespace faltung;
using namespace faltung::factory;

namespace
{
const std::vector<std::string> kRooms{"small-room", "studio-live-room", "chamber", "concert-hall",
                                      "cathedral"};
constexpr std::size_t k250 = 1, k500 = 2, k1k = 3, k2k = 4, k4k = 5;

// The share of the energy in [first, last) carried by its loudest 5 % of samples:
// near 1 for a few separate reflections, about 0.25 for Gaussian noise.
double loudestShare(const std::vector<float>& x, std::size_t first, std::size_t last)
{
    std::vector<double> energies;
    double total = 0.0;
    for (std::size_t n = first; n < last; ++n)
    {
        energies.push_back(static_cast<double>(x[n]) * x[n]);
        total += energies.back();
    }
    std::sort(energies.rbegin(), energies.rend());
    double loudest = 0.0;
    for (std::size_t i = 0; i < energies.size() / 20; ++i)
        loudest += energies[i];
    return loudest / total;
}

std::size_t at(double seconds)
{
    return static_cast<std::size_t>(seconds * kFactorySampleRate);
}

// Power of x at frequency hz (a plain DFT bin).
double powerAt(const std::vector<float>& x, double hz)
{
    std::complex<double> sum = 0.0;
    const std::complex<double> step = std::polar(1.0, -2.0 * std::numbers::pi * hz / kFactorySampleRate);
    std::complex<double> phasor = 1.0;
    for (const float v : x)
    {
        sum += static_cast<double>(v) * phasor;
        phasor *= step;
    }
    return std::norm(sum);
}

// Mean power over frequencies spaced a sixth of an octave apart in [low, high].
double meanPower(const std::vector<float>& x, double low, double high)
{
    double sum = 0.0;
    int count = 0;
    for (double f = low; f <= high; f *= std::pow(2.0, 1.0 / 6.0), ++count)
        sum += powerAt(x, f);
    return sum / count;
}
} // namespace

TEST_CASE("The factory IRs are listed in menu order", "[factory]")
{
    const std::vector<std::string> expected{"small-room",   "studio-live-room", "chamber",
                                            "concert-hall", "cathedral",        "plate",
                                            "spring",       "cabinet"};
    CHECK(factoryIrIds() == expected);
    CHECK_THROWS_AS(generateFactoryIr("broom-cupboard"), std::invalid_argument);

    // The generator makes exactly the IRs of the catalog the plugin shows.
    std::vector<std::string> catalogIds;
    for (const auto& e : factoryIrCatalog())
        catalogIds.push_back(e.id);
    CHECK(catalogIds == expected);
}

TEST_CASE("Every factory IR is stereo at 48 kHz, with unit energy per channel and no clipping", "[factory]")
{
    const double expectedEnergy = std::pow(10.0, kFactoryIrGainDb / 10.0);
    for (const auto& id : factoryIrIds())
    {
        INFO(id);
        const FactoryIr& ir = test::generatedIr(id);
        CHECK(ir.id == id);
        CHECK(!ir.name.empty());
        CHECK(!ir.description.empty());
        CHECK(ir.sampleRate == 48000.0);
        REQUIRE(ir.channels.size() == 2);
        REQUIRE(ir.channels[0].size() == ir.channels[1].size());
        const double seconds = static_cast<double>(ir.channels[0].size()) / ir.sampleRate;
        CHECK(seconds <= 5.0);
        CHECK(seconds >= (id == "cabinet" ? 0.025 : 0.5));
        for (const auto& channel : ir.channels)
        {
            double energy = 0.0;
            float peak = 0.0f;
            for (const float x : channel)
            {
                energy += static_cast<double>(x) * x;
                peak = std::max(peak, std::abs(x));
            }
            REQUIRE(std::isfinite(energy));
            CHECK(energy == Approx(expectedEnergy).epsilon(1e-4));
            CHECK(20.0 * std::log10(peak) < -1.0);
        }
    }
}

TEST_CASE("Generating a factory IR twice gives identical samples", "[factory]")
{
    for (const auto& id : factoryIrIds())
    {
        INFO(id);
        const FactoryIr again = generateFactoryIr(id);
        const FactoryIr& first = test::generatedIr(id);
        CHECK(again.channels == first.channels);
        CHECK((again.designRt60 == first.designRt60 ||
               (std::isnan(again.designRt60) && std::isnan(first.designRt60))));
    }
}

TEST_CASE("Each factory reverb's measured RT60 matches its design", "[factory]")
{
    for (const auto& id : factoryIrIds())
    {
        if (id == "cabinet")
            continue;
        INFO(id);
        const FactoryIr& ir = test::generatedIr(id);
        const IrAnalysis a = analyseImpulseResponse(ir.channels, ir.sampleRate);
        const auto& design = ir.designRt60PerOctave;
        CHECK(a.rt60PerOctave[k500] == Approx(design[k500]).epsilon(0.10));
        CHECK(a.rt60PerOctave[k1k] == Approx(design[k1k]).epsilon(0.10));
        CHECK(a.rt60Seconds == Approx(ir.designRt60).epsilon(0.10));
        // The neighbouring bands too, a little more loosely: an octave filter also
        // hears some of the next band, which decays at its own rate.
        CHECK(a.rt60PerOctave[k250] == Approx(design[k250]).epsilon(0.15));
        CHECK(a.rt60PerOctave[k2k] == Approx(design[k2k]).epsilon(0.15));
    }
}

TEST_CASE("In the rooms, high frequencies die away sooner", "[factory]")
{
    for (const auto& id : kRooms)
    {
        INFO(id);
        const FactoryIr& ir = test::generatedIr(id);
        const IrAnalysis a = analyseImpulseResponse(ir.channels, ir.sampleRate);
        CHECK(a.rt60PerOctave[k4k] < 0.9 * a.rt60PerOctave[k500]);
        CHECK(ir.designRt60PerOctave[6] < ir.designRt60PerOctave[k500]);
    }
}

TEST_CASE("The rooms start with the direct sound, then separate early reflections", "[factory]")
{
    for (const auto& id : kRooms)
    {
        INFO(id);
        const FactoryIr& ir = test::generatedIr(id);
        const IrAnalysis a = analyseImpulseResponse(ir.channels, ir.sampleRate);
        CHECK(a.onsetSeconds < 0.005);
        const std::size_t onset = at(a.onsetSeconds);
        for (const auto& channel : ir.channels)
        {
            // The direct sound is the loudest thing in the response.
            const auto loudest = std::max_element(channel.begin(), channel.end(),
                                                  [](float x, float y) { return std::abs(x) < std::abs(y); });
            CHECK(static_cast<std::size_t>(loudest - channel.begin()) < onset + at(0.004));
            // After it, reflections as separate peaks rather than noise.
            CHECK(loudestShare(channel, onset + at(0.001), onset + at(0.010)) > 0.6);
        }
    }
}

TEST_CASE("The late tails of the rooms and the plate are uncorrelated between channels", "[factory]")
{
    for (const auto& id : {"small-room", "studio-live-room", "chamber", "concert-hall", "cathedral", "plate"})
    {
        INFO(id);
        const FactoryIr& ir = test::generatedIr(id);
        const auto& c = ir.channels;
        const double r = test::correlation(c[0], c[1], at(0.25), c[0].size());
        CHECK(std::abs(r) < 0.3);
        // Against the same measurement of a tail that is the same in both channels.
        CHECK(test::correlation(c[0], c[0], at(0.25), c[0].size()) == Approx(1.0));
    }
}

TEST_CASE("The plate is dense from its first millisecond", "[factory]")
{
    const FactoryIr& ir = test::generatedIr("plate");
    const IrAnalysis a = analyseImpulseResponse(ir.channels, ir.sampleRate);
    CHECK(a.onsetSeconds < 0.002);
    for (const auto& channel : ir.channels)
        CHECK(loudestShare(channel, at(0.001), at(0.050)) < 0.4);
}

TEST_CASE("The spring's echoes are chirps: high frequencies arrive later", "[factory]")
{
    // Per transit, the left spring's dispersion delays 1 kHz by 2.2 ms, 2 kHz by 3.1 ms
    // and 3 kHz by 5.9 ms (group delays of its allpass cascade).
    const FactoryIr& ir = test::generatedIr("spring");
    auto peakTime = [](const std::vector<float>& x, double hz) // where x peaks in a narrow band around hz
    {
        FilterChain band = FilterChain::butterworthHighPass(4, hz / 1.1, kFactorySampleRate);
        band.append(FilterChain::butterworthLowPass(4, hz * 1.1, kFactorySampleRate));
        double loudest = 0.0;
        std::size_t when = 0;
        for (std::size_t n = 0; n < std::min(x.size(), at(0.035)); ++n)
        {
            const double y = band.process(x[n]);
            if (y * y > loudest)
            {
                loudest = y * y;
                when = n;
            }
        }
        return static_cast<double>(when) / kFactorySampleRate;
    };
    // The band filters delay too, each by its own amount: measure that on an impulse.
    std::vector<float> impulse(at(0.035), 0.0f);
    impulse[0] = 1.0f;
    auto arrival = [&](double hz) { return peakTime(ir.channels[0], hz) - peakTime(impulse, hz); };
    const double at1k = arrival(1000.0), at2k = arrival(2000.0), at3k = arrival(3000.0);
    INFO("first echo at 1 kHz " << at1k << " s, 2 kHz " << at2k << " s, 3 kHz " << at3k << " s");
    CHECK(at2k - at1k == Approx(0.0009).margin(0.0005));
    CHECK(at3k - at1k == Approx(0.0037).margin(0.0015));
}

TEST_CASE("The spring repeats once per round trip", "[factory]")
{
    // The 1 kHz envelope's autocorrelation peaks at the round trip (about 42 ms for
    // the left spring) and not half way there.
    const FactoryIr& ir = test::generatedIr("spring");
    FilterChain band = FilterChain::butterworthHighPass(4, 700.0, kFactorySampleRate);
    band.append(FilterChain::butterworthLowPass(4, 1400.0, kFactorySampleRate));
    std::vector<double> envelope;
    double smoothed = 0.0;
    for (std::size_t n = 0; n < at(0.5); ++n)
    {
        const double y = band.process(ir.channels[0][n]);
        smoothed += 0.01 * (y * y - smoothed);
        envelope.push_back(smoothed);
    }
    auto autocorrelation = [&](std::size_t lag)
    {
        double sum = 0.0;
        for (std::size_t n = 0; n + lag < envelope.size(); ++n)
            sum += envelope[n] * envelope[n + lag];
        return sum;
    };
    std::size_t bestLag = 0;
    double best = 0.0;
    for (std::size_t lag = at(0.010); lag < at(0.080); ++lag)
        if (const double r = autocorrelation(lag); r > best)
        {
            best = r;
            bestLag = lag;
        }
    CHECK(static_cast<double>(bestLag) / kFactorySampleRate == Approx(0.042).margin(0.004));
    CHECK(autocorrelation(bestLag / 2) < 0.5 * best);
}

TEST_CASE("The cabinet is a short band-pass response from two nearby microphones", "[factory]")
{
    const FactoryIr& ir = test::generatedIr("cabinet");
    for (const double t : ir.designRt60PerOctave)
        CHECK(std::isnan(t));
    CHECK(std::isnan(ir.designRt60));
    const auto& c = ir.channels;
    CHECK(static_cast<double>(c[0].size()) / kFactorySampleRate == Approx(0.030).margin(0.005));

    for (const auto& channel : c)
    {
        double total = 0.0, early = 0.0;
        for (std::size_t n = 0; n < channel.size(); ++n)
        {
            total += static_cast<double>(channel[n]) * channel[n];
            early += n < at(0.015) ? static_cast<double>(channel[n]) * channel[n] : 0.0;
        }
        CHECK(early > 0.99 * total);

        const double body = meanPower(channel, 200.0, 4000.0);
        CHECK(10.0 * std::log10(meanPower(channel, 20.0, 50.0) / body) < -15.0);
        CHECK(10.0 * std::log10(meanPower(channel, 9000.0, 20000.0) / body) < -25.0);
    }

    // Alike but not the same: the best match over a few samples of lag.
    double best = 0.0;
    for (std::size_t lag = 0; lag < 8; ++lag)
    {
        std::vector<float> shifted(c[1].begin() + static_cast<std::ptrdiff_t>(lag), c[1].end());
        shifted.resize(c[1].size(), 0.0f);
        best = std::max(best, test::correlation(c[0], shifted, 0, c[0].size()));
    }
    CHECK(best > 0.7);
    CHECK(best < 0.995);
}
