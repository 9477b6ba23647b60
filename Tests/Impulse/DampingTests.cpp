// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "AlignedBuffer.h"
#include "Damping.h"
#include "IrAnalysis.h"
#include "IrEdits.h"
#include "OctaveBandSignals.h"
#include "RealFft.h"

#include <catch2/catch.hpp>

#include <bit>
#include <cmath>
#include <numbers>
#include <random>

using namespace faltung;

namespace
{
constexpr double kRate = 48000.0;

ImpulseResponse bandedIr(const std::array<double, 7>& rt60, double seconds, int numChannels)
{
    // Within an eighth of an octave of each centre, so that little of a band
    // reaches the neighbouring octaves' bands.
    ImpulseResponse ir;
    ir.sampleRate = kRate;
    ir.channels = test::decayingOctaveBands(rt60, kRate, seconds, numChannels, 0.25, 7);
    return ir;
}

ImpulseResponse decayingNoise(double rt60, double seconds, double noiseFloorDb, unsigned seed)
{
    std::mt19937 rng(seed);
    std::normal_distribution<double> gauss;
    ImpulseResponse ir;
    ir.sampleRate = kRate;
    const auto length = static_cast<std::size_t>(seconds * kRate);
    const double floor = std::pow(10.0, noiseFloorDb / 20.0);
    for (int c = 0; c < 2; ++c)
    {
        std::vector<float> x(length);
        for (std::size_t n = 0; n < length; ++n)
            x[n] = static_cast<float>(
                0.25 * (std::pow(10.0, -3.0 * static_cast<double>(n) / (rt60 * kRate)) + floor) * gauss(rng));
        ir.channels.push_back(std::move(x));
    }
    return ir;
}

double errorDb(const std::vector<std::vector<float>>& a, const std::vector<std::vector<float>>& b)
{
    double error = 0.0, energy = 0.0;
    for (std::size_t c = 0; c < a.size(); ++c)
        for (std::size_t n = 0; n < a[c].size(); ++n)
        {
            const double d = static_cast<double>(a[c][n]) - static_cast<double>(b[c][n]);
            error += d * d;
            energy += static_cast<double>(b[c][n]) * b[c][n];
        }
    return 10.0 * std::log10(error / energy);
}
// An octave band's RT60 measured independently of the analysis: the band cut out
// of the spectrum (nothing outside the octave gets in, unlike through a filter's
// skirts), then T30 from Schroeder's integral (the synthetic IRs have no noise).
double octaveRt60(const ImpulseResponse& ir, double centre)
{
    const auto length = static_cast<std::size_t>(ir.length());
    const std::size_t size = std::bit_ceil(2 * length);
    RealFft fft(static_cast<int>(size), PlanRigor::estimate);
    const auto bins = static_cast<std::size_t>(fft.numBins());
    AlignedBuffer time(size), re(bins), im(bins);
    std::vector<double> edc(length, 0.0);
    for (const auto& channel : ir.channels)
    {
        std::fill(time.data(), time.data() + size, 0.0f);
        std::copy(channel.begin(), channel.end(), time.data());
        fft.forward(time.data(), re.data(), im.data());
        for (std::size_t k = 0; k < bins; ++k)
        {
            // Flat within a quarter octave of the centre, a raised cosine (in octaves)
            // to zero at the octave's edges: a brick wall would ring for long after
            // the onset and bend the start of the decay.
            const double octaves = std::abs(std::log2(std::max(1e-9, static_cast<double>(k)) * kRate /
                                                      static_cast<double>(size) / centre));
            const double gain = octaves <= 0.25 ? 1.0
                                : octaves >= 0.5
                                    ? 0.0
                                    : 0.5 + 0.5 * std::cos(std::numbers::pi * (octaves - 0.25) / 0.25);
            re[k] = static_cast<float>(re[k] * gain);
            im[k] = static_cast<float>(im[k] * gain);
        }
        fft.inverse(re.data(), im.data(), time.data());
        for (std::size_t n = 0; n < length; ++n)
            edc[n] += static_cast<double>(time[n]) * time[n];
    }
    for (std::size_t n = length - 1; n-- > 0;)
        edc[n] += edc[n + 1];
    double sx = 0, sy = 0, sxx = 0, sxy = 0, count = 0;
    for (std::size_t n = 0; n < length; ++n)
    {
        const double db = 10.0 * std::log10(edc[n] / edc[0]);
        if (db < -35.0)
            break;
        if (db > -5.0)
            continue;
        const double t = static_cast<double>(n) / kRate;
        sx += t;
        sy += db;
        sxx += t * t;
        sxy += t * db;
        count += 1;
    }
    return -60.0 / ((count * sxy - sx * sy) / (count * sxx - sx * sx));
}
} // namespace

TEST_CASE("The octave bands of damping sum back to the IR", "[damping]")
{
    for (const double rate : {44100.0, 48000.0, 96000.0})
    {
        const auto ir = decayingNoise(1.5, 2.0, -70.0, 1);
        const OctaveSplit split = splitIntoOctaves(ir.channels, rate);
        INFO(rate << " Hz: " << split.centresHz.size() << " bands");
        CHECK(split.centresHz.size() == (rate < 64000.0 ? 10 : 11)); // 31.25 Hz up to 16 or 32 kHz
        std::vector<std::vector<float>> sum = split.bands[0];
        for (std::size_t b = 1; b < split.bands.size(); ++b)
            for (std::size_t c = 0; c < sum.size(); ++c)
                for (std::size_t n = 0; n < sum[c].size(); ++n)
                    sum[c][n] += split.bands[b][c][n];
        CHECK(errorDb(sum, ir.channels) < -100.0);
    }
}

TEST_CASE("Each octave band holds the frequencies around its centre", "[damping]")
{
    ImpulseResponse tones;
    tones.sampleRate = kRate;
    const std::array<double, 3> frequencies{125.0, 1000.0, 8000.0};
    for (const double f : frequencies)
    {
        std::vector<float> x(48000);
        for (std::size_t n = 0; n < x.size(); ++n)
            x[n] = static_cast<float>(std::sin(2.0 * std::numbers::pi * f * static_cast<double>(n) / kRate));
        tones.channels.push_back(std::move(x));
    }
    const OctaveSplit split = splitIntoOctaves(tones.channels, kRate);
    for (std::size_t tone = 0; tone < 3; ++tone)
        for (std::size_t band = 0; band < split.bands.size(); ++band)
        {
            // The middle half of the second: the ends are where the tone starts and stops.
            double energy = 0.0;
            for (std::size_t n = 12000; n < 36000; ++n)
                energy += static_cast<double>(split.bands[band][tone][n]) * split.bands[band][tone][n];
            const double levelDb = 10.0 * std::log10(energy / 12000.0); // a full-scale sine: 0 dB
            const double octavesAway = std::abs(std::log2(split.centresHz[band] / frequencies[tone]));
            INFO(frequencies[tone] << " Hz in the band at " << split.centresHz[band] << " Hz: " << levelDb
                                   << " dB");
            if (octavesAway < 0.5) // its own band: both sides of it at 1 / (1 + 2^-16)
                CHECK(levelDb == Approx(0.0).margin(0.001));
            else // 1 / (1 + 2^16) one octave away, and the tone's own edges
                CHECK(levelDb < -90.0);
        }
}

TEST_CASE("Damping sets each octave's RT60 to its factor times the octave's own", "[damping]")
{
    // Each octave rings with its own RT60, longest in the bass. Sixteen channels
    // average the beating of each octave's sinusoids, which bends a single
    // channel's decay curve (its early slope differs from its T30 by up to 10 %).
    const std::array<double, 7> rt60{1.6, 1.5, 1.4, 1.2, 1.0, 0.8, 0.7};
    const auto ir = bandedIr(rt60, 2.5, 16);
    for (std::size_t b = 0; b < rt60.size(); ++b)
        REQUIRE(octaveRt60(ir, kOctaveBandCentres[b]) == Approx(rt60[b]).epsilon(0.05));

    // Crossovers between octaves and on them (where the factor is a blend).
    for (const DampingSettings& d :
         {DampingSettings{1.5, 0.6, 0.5, 354.0, 2828.0}, DampingSettings{0.5, 1.8, 2.0, 500.0, 2000.0},
          DampingSettings{0.25, 1.0, 1.3, 250.0, 4000.0}, DampingSettings{2.0, 2.0, 0.25, 177.0, 5657.0}})
    {
        IrEdits e;
        e.normalise = false;
        e.damping = d;
        const auto damped = applyEdits(ir, e);
        for (std::size_t b = 0; b < rt60.size(); ++b)
        {
            const double centre = kOctaveBandCentres[b];
            const double measured = octaveRt60(damped, centre);
            INFO("factors " << d.low << ", " << d.mid << ", " << d.high << " (crossovers " << d.lowCrossoverHz
                            << ", " << d.highCrossoverHz << " Hz); octave " << centre << " Hz: " << measured
                            << " s for a factor of " << dampingFactorAt(d, centre));
            CHECK(measured == Approx(dampingFactorAt(d, centre) * rt60[b]).epsilon(0.05));
        }
    }
}

TEST_CASE("The damping factor is each band's inside it and a blend on a crossover", "[damping]")
{
    const DampingSettings d{0.5, 1.0, 2.0, 250.0, 4000.0};
    CHECK(dampingFactorAt(d, 20.0) == Approx(0.5).epsilon(1e-6));
    CHECK(dampingFactorAt(d, 1000.0) == Approx(1.0).epsilon(0.001));
    CHECK(dampingFactorAt(d, 16000.0) == Approx(2.0).epsilon(1e-4));
    CHECK(dampingFactorAt(d, 250.0) == Approx(std::sqrt(0.5)).epsilon(1e-6));
    CHECK(dampingFactorAt(d, 4000.0) == Approx(std::sqrt(2.0)).epsilon(1e-3));
}

TEST_CASE("A longer decay grows the decay, not the noise after it", "[damping]")
{
    // 1 s of decay, then a noise floor at -80 dB: lengthening the decay must not lift
    // the floor into a plateau; the floor falls at the new rate instead.
    const auto ir = decayingNoise(0.5, 2.0, -80.0, 3);
    IrEdits e;
    e.normalise = false;
    e.damping = {2.0, 2.0, 2.0, 250.0, 4000.0};
    const auto damped = applyEdits(ir, e);
    const IrAnalysis after = analyseImpulseResponse(damped.channels, kRate);
    CHECK(after.rt60Seconds == Approx(1.0).epsilon(0.05));
    auto levelDb = [&](double from, double to)
    {
        double energy = 0.0;
        const auto first = static_cast<std::size_t>(from * kRate),
                   last = static_cast<std::size_t>(to * kRate);
        for (const auto& c : damped.channels)
            for (std::size_t n = first; n < last; ++n)
                energy += static_cast<double>(c[n]) * c[n];
        return 10.0 * std::log10(energy / static_cast<double>(last - first) / 2.0);
    };
    // The last 0.2 s lie well below the part before them: still decaying.
    CHECK(levelDb(1.8, 2.0) < levelDb(1.3, 1.5) - 6.0);
}

TEST_CASE("Damping at 100 % leaves the IR exactly as it was", "[damping]")
{
    const auto ir = decayingNoise(1.0, 1.0, -90.0, 4);
    IrEdits e;
    e.damping.lowCrossoverHz = 500.0; // crossovers alone change nothing
    CHECK(applyEdits(ir, e).channels == applyEdits(ir, IrEdits{}).channels);
}
