// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// The IR analysis against synthetic impulse responses whose decay is known: noise
// under an exponential envelope, broadband and per octave band, with and without a
// noise floor.
#include "IrAnalysis.h"
#include "OctaveBandSignals.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>
#include <random>

using namespace faltung;

namespace
{
constexpr double kRate = 48000.0;

// Channels of independent Gaussian noise whose energy falls by 60 dB in rt60 seconds,
// starting after `delay` samples, over a constant noise floor at noiseFloorDb relative
// to the decay's starting level (none when -inf). A band's RT60 measured from one
// channel scatters by several per cent (ISO 3382-2's sigma for T30 is
// 0.55 T sqrt(1.15 / (B T)) for bandwidth B); the analysis sums the energy of all
// channels, so more channels average that scatter away.
std::vector<std::vector<float>> decayingNoise(int numChannels, double rt60, double seconds,
                                              std::uint32_t seed, int delay = 0,
                                              double noiseFloorDb = -std::numeric_limits<double>::infinity())
{
    std::mt19937 rng(seed);
    std::normal_distribution<double> gauss;
    const auto length = static_cast<std::size_t>(seconds * kRate);
    const double floorGain = std::pow(10.0, noiseFloorDb / 20.0);
    std::vector<std::vector<float>> channels;
    for (int c = 0; c < numChannels; ++c)
    {
        std::vector<float> x(length, 0.0f);
        for (std::size_t n = static_cast<std::size_t>(delay); n < length; ++n)
        {
            const double t = static_cast<double>(n - static_cast<std::size_t>(delay)) / kRate;
            const double envelope = 0.25 * std::pow(10.0, -3.0 * t / rt60);
            x[n] = static_cast<float>(envelope * gauss(rng) + 0.25 * floorGain * gauss(rng));
        }
        channels.push_back(std::move(x));
    }
    return channels;
}

// T30 from a plain Schroeder integral over the whole response, with no noise handling:
// what the analysis would measure if it ignored the noise floor.
double naiveT30(const std::vector<float>& x)
{
    std::vector<double> edcDb(x.size());
    double sum = 0.0;
    for (std::size_t n = x.size(); n-- > 0;)
    {
        sum += static_cast<double>(x[n]) * x[n];
        edcDb[n] = 10.0 * std::log10(sum);
    }
    const double total = edcDb[0];
    std::size_t first = 0, last = x.size();
    for (std::size_t n = 0; n < x.size(); ++n)
    {
        if (first == 0 && edcDb[n] - total <= -5.0)
            first = n;
        if (edcDb[n] - total < -35.0)
        {
            last = n;
            break;
        }
    }
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    const double count = static_cast<double>(last - first);
    for (std::size_t n = first; n < last; ++n)
    {
        const double t = static_cast<double>(n - first);
        sx += t;
        sy += edcDb[n];
        sxx += t * t;
        sxy += t * edcDb[n];
    }
    const double slope = (count * sxy - sx * sy) / (count * sxx - sx * sx);
    return -60.0 / slope / kRate;
}
} // namespace

TEST_CASE("RT60 of exponentially decaying noise", "[analysis]")
{
    for (const double rt60 : {0.3, 0.8, 2.5})
    {
        INFO("RT60 " << rt60);
        const auto ir = decayingNoise(8, rt60, 1.3 * rt60 + 0.05, 11, 240);
        const IrAnalysis a = analyseImpulseResponse(ir, kRate);
        CHECK(a.rt60Seconds == Approx(rt60).epsilon(0.05));
        for (std::size_t band = 0; band < kOctaveBandCentres.size(); ++band)
        {
            // Below 1 kHz a 0.3 s decay is too short for a band's measurement to settle
            // (bandwidth times RT60 under 100).
            if (rt60 < 0.5 && kOctaveBandCentres[band] < 1000.0)
                continue;
            INFO("band " << kOctaveBandCentres[band] << " Hz");
            CHECK(a.rt60PerOctave[band] == Approx(rt60).epsilon(0.05));
        }
    }
}

TEST_CASE("A noise floor at the end of the response does not bias RT60", "[analysis]")
{
    const double rt60 = 1.0;
    const auto ir = decayingNoise(2, rt60, 5.0, 5, 0, -50.0);
    // The scenario matters: without noise handling T30 comes out far too long.
    REQUIRE(naiveT30(ir[0]) > 1.5 * rt60);

    const IrAnalysis a = analyseImpulseResponse(ir, kRate);
    CHECK(a.rt60Seconds == Approx(rt60).epsilon(0.05));
    CHECK(a.rt60PerOctave[3] == Approx(rt60).epsilon(0.05));
    CHECK(a.rt60PerOctave[6] == Approx(rt60).epsilon(0.05));

    // The decay curve follows the decay, not the noise, to well below the floor.
    CHECK(a.decayCurveDb[1000] == Approx(-60.0).margin(3.0));
    CHECK(a.decayCurveDb[2000] == Approx(-120.0).margin(6.0));
}

TEST_CASE("40 dB of decay above the noise gives T20 and 30 dB gives nothing", "[analysis]")
{
    const double rt60 = 0.6;
    const auto forty = decayingNoise(2, rt60, 2.0, 9, 0, -40.0);
    CHECK(analyseImpulseResponse(forty, kRate).rt60Seconds == Approx(rt60).epsilon(0.05));

    const auto thirty = decayingNoise(2, rt60, 2.0, 9, 0, -30.0);
    CHECK(std::isnan(analyseImpulseResponse(thirty, kRate).rt60Seconds));
}

TEST_CASE("A response that is all noise has no RT60", "[analysis]")
{
    std::mt19937 rng(3);
    std::normal_distribution<float> gauss;
    std::vector<float> ir(48000);
    for (auto& x : ir)
        x = 0.1f * gauss(rng);
    const IrAnalysis a = analyseImpulseResponse({ir}, kRate);
    CHECK(std::isnan(a.rt60Seconds));
}

TEST_CASE("RT60 per octave band follows a different decay in each band", "[analysis]")
{
    const std::array<double, 7> rt60{1.6, 1.45, 1.3, 1.15, 1.0, 0.85, 0.7};
    const auto ir = test::decayingOctaveBands(rt60, kRate, 2.0, 8, 0.5, 42);

    const IrAnalysis a = analyseImpulseResponse(ir, kRate);
    for (std::size_t band = 0; band < rt60.size(); ++band)
    {
        INFO("band " << kOctaveBandCentres[band] << " Hz");
        CHECK(a.rt60PerOctave[band] == Approx(rt60[band]).epsilon(0.05));
    }
}

TEST_CASE("Bands that reach the Nyquist frequency are not measured", "[analysis]")
{
    const double rate = 16000.0;
    std::mt19937 rng(8);
    std::normal_distribution<double> gauss;
    std::vector<std::vector<float>> ir(4, std::vector<float>(static_cast<std::size_t>(rate)));
    for (auto& channel : ir)
        for (std::size_t n = 0; n < channel.size(); ++n)
            channel[n] = static_cast<float>(0.3 * gauss(rng) *
                                            std::pow(10.0, -3.0 * static_cast<double>(n) / (0.5 * rate)));
    const IrAnalysis a = analyseImpulseResponse(ir, rate);
    CHECK(std::isnan(a.rt60PerOctave[6]));                  // 8 kHz: its upper edge is above 8 kHz
    CHECK(a.rt60PerOctave[5] == Approx(0.5).epsilon(0.05)); // 4 kHz: up to 5.7 kHz
    CHECK(a.rt60Seconds == Approx(0.5).epsilon(0.05));
}

TEST_CASE("Onset is the first sample within 20 dB of the peak", "[analysis]")
{
    std::vector<float> left(4800, 0.0f), right(4800, 0.0f);
    left[100] = 0.05f;  // 26 dB below the peak: too quiet to count as the onset
    right[1234] = 0.2f; // 14 dB below the peak: the onset
    left[2000] = -1.0f; // the peak
    const IrAnalysis a = analyseImpulseResponse({left, right}, kRate);
    CHECK(a.onsetSeconds == Approx(1234.0 / kRate));

    std::vector<float> delayed(9600, 0.0f);
    delayed[4321] = 0.5f;
    CHECK(analyseImpulseResponse({delayed}, kRate).onsetSeconds == Approx(4321.0 / kRate));
}

TEST_CASE("Peak level in dBFS over all channels", "[analysis]")
{
    std::vector<float> left(1000, 0.0f), right(1000, 0.0f);
    left[10] = 0.25f;
    right[500] = -0.5f;
    const IrAnalysis a = analyseImpulseResponse({left, right}, 44100.0);
    CHECK(a.peakDb == Approx(20.0 * std::log10(0.5)));
    CHECK(a.numChannels == 2);
    CHECK(a.length == 1000);
    CHECK(a.sampleRate == 44100.0);
    CHECK(a.lengthSeconds == Approx(1000.0 / 44100.0));
}

TEST_CASE("The decay curve has one point per millisecond and starts at 0 dB", "[analysis]")
{
    const double rt60 = 0.5;
    const IrAnalysis a = analyseImpulseResponse(decayingNoise(1, rt60, 0.8, 21), kRate);
    REQUIRE(a.decayCurveDb.size() == 800);
    CHECK(a.decayCurveDb[0] == Approx(0.0).margin(1e-6));
    int rises = 0;
    for (std::size_t i = 1; i < a.decayCurveDb.size(); ++i)
        rises += a.decayCurveDb[i] > a.decayCurveDb[i - 1] + 1e-4f ? 1 : 0;
    CHECK(rises == 0);
    CHECK(a.decayCurveDb[250] == Approx(-30.0).margin(2.0)); // 60 dB per 0.5 s
}

TEST_CASE("A silent response gives no RT60 and does not crash", "[analysis]")
{
    const std::vector<float> zeros(48000, 0.0f);
    const IrAnalysis a = analyseImpulseResponse({zeros, zeros}, kRate);
    CHECK(std::isnan(a.rt60Seconds));
    for (const double t : a.rt60PerOctave)
        CHECK(std::isnan(t));
    CHECK(std::isinf(a.peakDb));
    CHECK(a.peakDb < 0.0);
    CHECK(std::isnan(a.onsetSeconds));
    REQUIRE(a.decayCurveDb.size() == 1000);
    CHECK(a.decayCurveDb.front() == static_cast<float>(kDecayCurveFloorDb));
}

TEST_CASE("Very short and empty responses do not crash", "[analysis]")
{
    const std::vector<float> tiny{0.5f, -0.3f, 0.2f, 0.1f, -0.05f, 0.02f, 0.01f, 0.0f, 0.003f, 0.001f};
    const IrAnalysis a = analyseImpulseResponse({tiny}, kRate);
    CHECK(a.length == 10);
    CHECK(a.peakDb == Approx(20.0 * std::log10(0.5)));
    CHECK(a.onsetSeconds == 0.0);
    CHECK(a.decayCurveDb.size() == 1);

    const std::vector<float> one{1.0f};
    CHECK_NOTHROW(analyseImpulseResponse({one, one}, kRate));
    const IrAnalysis empty = analyseImpulseResponse({}, kRate);
    CHECK(empty.length == 0);
    CHECK(std::isnan(empty.rt60Seconds));
    CHECK(empty.decayCurveDb.empty());
    CHECK_NOTHROW(analyseImpulseResponse({std::vector<float>{}}, kRate));
}

TEST_CASE("Bad arguments are rejected", "[analysis]")
{
    const std::vector<float> a(100, 0.1f), b(99, 0.1f);
    CHECK_THROWS_AS(analyseImpulseResponse({a, b}, kRate), std::invalid_argument);
    CHECK_THROWS_AS(analyseImpulseResponse({a}, 0.0), std::invalid_argument);
    CHECK_THROWS_AS(analyseImpulseResponse({a}, std::nan("")), std::invalid_argument);
}

namespace
{
// A direct sound at 10 ms, a dozen separate reflections, then from denseFromMs a
// diffuse tail (decaying Gaussian noise): a room's IR in miniature.
std::vector<std::vector<float>> echoesThenDiffuse(double denseFromMs, std::uint32_t seed)
{
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> unit;
    std::normal_distribution<double> gauss;
    const auto length = static_cast<std::size_t>(0.8 * kRate);
    const auto at = [](double ms) { return static_cast<std::size_t>(ms * kRate / 1000.0); };
    std::vector<std::vector<float>> channels(2, std::vector<float>(length, 0.0f));
    for (auto& x : channels)
    {
        x[at(10.0)] = 1.0f;
        for (int k = 0; k < 12; ++k)
            x[at(12.0 + unit(rng) * (denseFromMs - 14.0))] = static_cast<float>(0.3 + 0.4 * unit(rng));
        for (std::size_t n = at(denseFromMs); n < length; ++n)
        {
            const double t = static_cast<double>(n) / kRate;
            x[n] = static_cast<float>(0.1 * gauss(rng) * std::pow(10.0, -3.0 * t / 1.0));
        }
    }
    return channels;
}
} // namespace

TEST_CASE("The mixing time is where separate reflections give way to a diffuse tail", "[analysis]")
{
    for (const double denseFromMs : {40.0, 70.0, 120.0})
    {
        INFO("diffuse from " << denseFromMs << " ms");
        const IrAnalysis a = analyseImpulseResponse(echoesThenDiffuse(denseFromMs, 3), kRate);
        REQUIRE(a.onsetSeconds == Approx(0.010).margin(1e-4));
        // Measured after the onset; the 20 ms window blurs it by up to its half.
        CHECK(a.mixingTimeSeconds * 1000.0 == Approx(denseFromMs - 10.0).margin(10.0));
        const EarlyTimes early = measureEarlyTimes(echoesThenDiffuse(denseFromMs, 3), kRate);
        CHECK(early.mixingTimeSeconds == a.mixingTimeSeconds);
    }
    // Noise from the start is diffuse at once; echoes alone never are.
    CHECK(analyseImpulseResponse(decayingNoise(2, 1.0, 1.0, 4), kRate).mixingTimeSeconds < 0.015);
    auto sparse = echoesThenDiffuse(70.0, 5);
    for (auto& x : sparse)
        std::fill(x.begin() + static_cast<std::ptrdiff_t>(0.07 * kRate), x.end(), 0.0f);
    CHECK(std::isnan(analyseImpulseResponse(sparse, kRate).mixingTimeSeconds));
}
