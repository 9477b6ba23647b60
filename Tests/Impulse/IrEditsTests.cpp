// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "IrAnalysis.h"
#include "IrEdits.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <complex>
#include <numeric>
#include <random>

using namespace faltung;

namespace
{
// Exponentially decaying noise with a known RT60, after `delaySamples` of silence.
ImpulseResponse decayingNoise(double rate, double rt60, double seconds, int channels = 2,
                              int delaySamples = 0, unsigned seed = 1)
{
    std::mt19937 rng(seed);
    std::normal_distribution<double> gauss(0.0, 1.0);
    ImpulseResponse ir;
    ir.sampleRate = rate;
    const int length = static_cast<int>(seconds * rate);
    for (int c = 0; c < channels; ++c)
    {
        std::vector<float> v(static_cast<std::size_t>(delaySamples + length), 0.0f);
        for (int i = 0; i < length; ++i)
            v[static_cast<std::size_t>(delaySamples + i)] =
                static_cast<float>(0.3 * gauss(rng) * std::exp(-6.907755 * i / (rt60 * rate)));
        ir.channels.push_back(std::move(v));
    }
    return ir;
}

double energy(const ImpulseResponse& ir)
{
    double e = 0;
    for (const auto& c : ir.channels)
        for (float x : c)
            e += static_cast<double>(x) * x;
    return e;
}

IrEdits none()
{
    IrEdits e;
    e.normalise = false;
    return e;
}

// |H(f)| of channel 0, in dB.
double responseDb(const ImpulseResponse& ir, double frequency)
{
    std::complex<double> sum = 0;
    const auto& h = ir.channels[0];
    for (std::size_t n = 0; n < h.size(); ++n)
        sum += static_cast<double>(h[n]) *
               std::polar(1.0, -2 * M_PI * frequency * static_cast<double>(n) / ir.sampleRate);
    return 20 * std::log10(std::abs(sum));
}
} // namespace

TEST_CASE("Neutral edits change nothing")
{
    const auto ir = decayingNoise(48000, 0.5, 0.6);
    CHECK(applyEdits(ir, none()).channels == ir.channels);
}

TEST_CASE("Auto trim cuts the silence before the direct sound, keeping 1 ms")
{
    const auto ir = decayingNoise(48000, 0.5, 0.6, 2, 4800); // 100 ms of silence first
    auto e = none();
    e.autoTrimStart = true;
    const auto trimmed = applyEdits(ir, e);
    CHECK(ir.length() - trimmed.length() == Approx(4800 - 48).margin(4));
    CHECK(analyseImpulseResponse(trimmed.channels, 48000).onsetSeconds == Approx(0.001).margin(0.0002));
}

TEST_CASE("Trims cut from both ends, fade out the cut tail, and never remove everything")
{
    const auto ir = decayingNoise(48000, 1.0, 1.0);
    auto e = none();
    e.trimStartMs = 100;
    e.trimEndMs = 400;
    const auto t = applyEdits(ir, e);
    CHECK(t.length() == 48000 - 4800 - 19200);
    CHECK(t.channels[0][0] == ir.channels[0][4800]);
    CHECK(std::abs(t.channels[0].back()) < 1e-4f * 50); // faded to almost nothing
    e.trimStartMs = 5000;
    e.trimEndMs = 5000;
    CHECK(applyEdits(ir, e).length() == 48); // 1 ms
}

TEST_CASE("Stretch scales the room: length and reverberation time")
{
    const auto ir = decayingNoise(48000, 0.8, 1.2);
    const double rt60 = analyseImpulseResponse(ir.channels, 48000).rt60Seconds;
    for (double s : {0.5, 1.5, 2.0})
    {
        CAPTURE(s);
        auto e = none();
        e.stretch = s;
        const auto t = applyEdits(ir, e);
        CHECK(t.sampleRate == 48000);
        CHECK(t.length() == Approx(ir.length() * s).margin(1));
        CHECK(analyseImpulseResponse(t.channels, 48000).rt60Seconds == Approx(rt60 * s).epsilon(0.05));
    }
}

TEST_CASE("Decay shortens the reverberation time by its factor")
{
    const auto ir = decayingNoise(48000, 2.0, 3.0);
    const double rt60 = analyseImpulseResponse(ir.channels, 48000).rt60Seconds;
    for (double d : {0.25, 0.5, 0.75})
    {
        CAPTURE(d);
        auto e = none();
        e.decay = d;
        CHECK(analyseImpulseResponse(applyEdits(ir, e).channels, 48000).rt60Seconds ==
              Approx(rt60 * d).epsilon(0.05));
    }
}

TEST_CASE("Reverse, attack, normalisation and gain")
{
    const auto ir = decayingNoise(48000, 0.5, 0.5);
    auto e = none();
    e.reverse = true;
    const auto r = applyEdits(ir, e);
    CHECK(r.channels[1].front() == ir.channels[1].back());
    CHECK(r.channels[1].back() == ir.channels[1].front());

    e = none();
    e.attackMs = 50;
    const auto a = applyEdits(ir, e);
    CHECK(std::abs(a.channels[0][0]) < 1e-3f * std::abs(ir.channels[0][0]) + 1e-9f);
    CHECK(a.channels[0][2400] == ir.channels[0][2400]);

    e = IrEdits{};
    CHECK(energy(applyEdits(ir, e)) / 2 == Approx(1.0).epsilon(1e-4));
    e.gainDb = -6.0206;
    CHECK(energy(applyEdits(ir, e)) / 2 == Approx(0.25).epsilon(1e-4));
}

TEST_CASE("A true-stereo file in the outputs-first order is reordered")
{
    ImpulseResponse ir;
    ir.sampleRate = 48000;
    for (float v : {1.0f, 2.0f, 3.0f, 4.0f}) // LL, RL, LR, RR in the file
        ir.channels.push_back(std::vector<float>(100, v));
    auto e = none();
    e.trueStereoOrder = TrueStereoOrder::outputsFirst;
    const auto t = applyEdits(ir, e);
    CHECK(t.channels[0][0] == 1.0f); // LL
    CHECK(t.channels[1][0] == 3.0f); // LR
    CHECK(t.channels[2][0] == 2.0f); // RL
    CHECK(t.channels[3][0] == 4.0f); // RR
}

TEST_CASE("A prepared IR sounds equally loud in 44.1, 48, 96 and 192 kHz sessions")
{
    const auto ir = decayingNoise(48000, 0.6, 0.8, 1);
    const IrEdits normalised;
    const auto reference = resampledTo(applyEdits(ir, normalised), 48000);
    for (double rate : {44100.0, 96000.0, 192000.0})
    {
        CAPTURE(rate);
        const auto atRate = resampledTo(applyEdits(ir, normalised), rate);
        for (double f : {100.0, 1000.0, 5000.0, 15000.0})
        {
            CAPTURE(f);
            CHECK(responseDb(atRate, f) == Approx(responseDb(reference, f)).margin(0.1));
        }
    }
}
