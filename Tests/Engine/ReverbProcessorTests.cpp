// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// The signal chain around the convolution: mix, delays, filters, width, bypass,
// and the crossfading hand-over of engines.
#include "Denormals.h"
#include "ReferenceConvolution.h"
#include "ReverbProcessor.h"
#include "TestFiles.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

using namespace faltung;
using namespace faltung::test;

namespace
{
constexpr double kRate = 48000.0;

std::vector<std::vector<float>> noise(int channels, int length, unsigned seed, float level = 0.5f)
{
    return randomSignal(channels, length, seed, level);
}

std::unique_ptr<ReverbEngine> makeEngine(const std::vector<std::vector<float>>& ir, int ins, int outs,
                                         LatencyMode mode = LatencyMode::efficient, int partition = 128,
                                         std::uint64_t id = 1)
{
    EngineSpec spec;
    spec.partitionSize = partition;
    spec.latencyMode = mode;
    auto e = makeReverbEngine(ir, {kRate, 256, ins, outs}, spec);
    e->id = id;
    return e;
}

// Runs the processor over the input in blocks of `block`, calling `beforeBlock`
// with the block's start sample first.
template <typename F>
std::vector<std::vector<float>> run(ReverbProcessor& p, std::vector<std::vector<float>> in, int block,
                                    F beforeBlock)
{
    const int length = static_cast<int>(in[0].size());
    std::vector<std::vector<float>> out(static_cast<std::size_t>(p.layout().numOutputs),
                                        std::vector<float>(static_cast<std::size_t>(length)));
    std::vector<const float*> ip(in.size());
    std::vector<float*> op(out.size());
    for (int pos = 0; pos < length; pos += block)
    {
        beforeBlock(pos);
        const int n = std::min(block, length - pos);
        for (std::size_t c = 0; c < in.size(); ++c)
            ip[c] = in[c].data() + pos;
        for (std::size_t c = 0; c < out.size(); ++c)
            op[c] = out[c].data() + pos;
        p.process(ip.data(), op.data(), n);
    }
    return out;
}

std::vector<std::vector<float>> run(ReverbProcessor& p, std::vector<std::vector<float>> in, int block = 256)
{
    return run(p, std::move(in), block, [](int) {});
}

double maxAbsDiff(const std::vector<float>& a, const std::vector<float>& b, std::size_t from = 0)
{
    double d = 0;
    for (std::size_t i = from; i < std::min(a.size(), b.size()); ++i)
        d = std::max(d, static_cast<double>(std::abs(a[i] - b[i])));
    return d;
}

// The largest step between neighbouring samples: a click shows as a jump far
// larger than the signal's own.
double largestStep(const std::vector<float>& x)
{
    double s = 0;
    for (std::size_t i = 1; i < x.size(); ++i)
        s = std::max(s, static_cast<double>(std::abs(x[i] - x[i - 1])));
    return s;
}
} // namespace

TEST_CASE("Fully wet with every control neutral, the chain is the convolution")
{
    ScopedFlushDenormals noDenormals;
    const auto ir = noise(2, 3000, 1, 0.1f);
    auto in = noise(2, 10000, 2);
    for (auto& c : in)
        c.resize(10000 + 3000 + 128, 0.0f); // room for the tail and the latency
    ReverbProcessor p;
    p.prepare({kRate, 256, 2, 2});
    p.installEngine(makeEngine(ir, 2, 2));
    p.setSettingsImmediately(ReverbSettings{});
    CHECK(p.latencySamples() == 128);
    const auto out = run(p, in, 100);
    for (int c = 0; c < 2; ++c)
    {
        const std::vector<float> x(in[c].begin(), in[c].begin() + 10000);
        CHECK(errorDb(out[c], referenceConvolution(x, ir[c]), 128) < -100.0);
    }
}

TEST_CASE("Dry only, and bypass, give the input delayed by exactly the latency")
{
    ScopedFlushDenormals noDenormals;
    const auto in = noise(1, 5000, 3);
    for (bool bypass : {false, true})
    {
        ReverbProcessor p;
        p.prepare({kRate, 256, 1, 2});
        p.installEngine(makeEngine(noise(2, 2000, 4), 1, 2));
        ReverbSettings s;
        s.mix = bypass ? 0.7f : 0.0f;
        s.bypass = bypass;
        p.setSettingsImmediately(s);
        const auto out = run(p, in);
        for (int c = 0; c < 2; ++c)
            for (int i = 0; i < 5000; ++i)
                REQUIRE(out[c][i] == (i < 128 ? 0.0f : in[0][static_cast<std::size_t>(i - 128)]));
    }
}

TEST_CASE("Predelay delays the reverb and not the dry signal")
{
    ScopedFlushDenormals noDenormals;
    std::vector<float> impulse(30000, 0.0f);
    impulse[100] = 1.0f;
    const auto ir = noise(1, 500, 5);
    ReverbProcessor p;
    p.prepare({kRate, 256, 1, 1});
    p.installEngine(makeEngine(ir, 1, 1, LatencyMode::zero));
    ReverbSettings s;
    s.predelayMs = 250.0f;
    s.mix = 0.5f;
    p.setSettingsImmediately(s);
    const auto out = run(p, {impulse})[0];
    const float dry = std::cos(0.25f * 3.14159265f), wet = std::sin(0.25f * 3.14159265f);
    CHECK(out[100] == Approx(dry));
    const int delay = 12000; // 250 ms at 48 kHz
    for (int k = 0; k < 500; ++k)
        REQUIRE(out[static_cast<std::size_t>(100 + delay + k)] ==
                Approx(wet * ir[0][static_cast<std::size_t>(k)]).margin(1e-6));
    // Nothing but FFT rounding (the head of an aligned block runs by FFT) before the
    // predelayed reverb.
    for (int i = 101; i < 100 + delay; ++i)
        REQUIRE(std::abs(out[static_cast<std::size_t>(i)]) < 1e-6f);
}

TEST_CASE("Width 0 makes the reverb mono, width 1 leaves it alone")
{
    ScopedFlushDenormals noDenormals;
    const auto in = noise(2, 6000, 6);
    ReverbProcessor p;
    p.prepare({kRate, 256, 2, 2});
    p.installEngine(makeEngine(noise(2, 1000, 7), 2, 2));
    ReverbSettings s;
    s.width = 0.0f;
    p.setSettingsImmediately(s);
    const auto out = run(p, in);
    CHECK(maxAbsDiff(out[0], out[1]) == 0.0);
}

TEST_CASE("Low and high cut filter the reverb")
{
    ScopedFlushDenormals noDenormals;
    // A one-tap IR makes the wet signal the input; measure sines through the filters.
    std::vector<std::vector<float>> unit{{1.0f}};
    auto levelDb = [&](float freq, ReverbSettings s)
    {
        ReverbProcessor p;
        p.prepare({kRate, 256, 1, 1});
        p.installEngine(makeEngine(unit, 1, 1, LatencyMode::zero));
        p.setSettingsImmediately(s);
        std::vector<float> sine(48000);
        for (std::size_t i = 0; i < sine.size(); ++i)
            sine[i] = static_cast<float>(std::sin(2 * M_PI * freq * static_cast<double>(i) / kRate));
        const auto out = run(p, {sine})[0];
        double sum = 0;
        for (std::size_t i = 24000; i < 48000; ++i)
            sum += static_cast<double>(out[i]) * out[i];
        return 10 * std::log10(sum / 24000 / 0.5);
    };
    ReverbSettings off;
    CHECK(std::abs(levelDb(1000, off)) < 0.01);
    ReverbSettings cut;
    cut.lowCutHz = 500.0f;
    cut.highCutHz = 4000.0f;
    CHECK(levelDb(500, cut) == Approx(-3.0).margin(0.3)); // Butterworth: -3 dB at the cutoff
    CHECK(levelDb(4000, cut) == Approx(-3.0).margin(0.3));
    CHECK(levelDb(125, cut) < -23.0); // two octaves below: -24 dB
    CHECK(levelDb(16000, cut) < -20.0);
    CHECK(std::abs(levelDb(1414, cut)) < 0.5);
}

TEST_CASE("A new engine crossfades in without a click and then plays alone")
{
    ScopedFlushDenormals noDenormals;
    std::vector<float> sine(48000);
    for (std::size_t i = 0; i < sine.size(); ++i)
        sine[i] = static_cast<float>(0.5 * std::sin(2 * M_PI * 220.0 * static_cast<double>(i) / kRate));
    // Two one-tap IRs of opposite sign: the worst case for a hard switch.
    ReverbProcessor p;
    p.prepare({kRate, 256, 1, 1});
    p.installEngine(makeEngine({{1.0f}}, 1, 1, LatencyMode::zero, 128, 1));
    p.setSettingsImmediately(ReverbSettings{});
    const auto out = run(p, {sine}, 64,
                         [&](int pos)
                         {
                             if (pos == 9984)
                                 p.publish(makeEngine({{-1.0f}}, 1, 1, LatencyMode::zero, 128, 2));
                         })[0];
    CHECK(p.playingEngineId() == 2);
    CHECK(largestStep(out) <= largestStep(sine) * 1.01);
    for (std::size_t i = 9984 + 2400 + 64; i < out.size(); ++i)
        REQUIRE(out[i] == -sine[i]);
    CHECK(p.collectRetired() == 1);
}

TEST_CASE("A new engine is primed with the input the playing one heard, so a swap restarts nothing")
{
    ScopedFlushDenormals noDenormals;
    // A 0.6 s decaying IR in both engines: with the same kernel, a primed swap must
    // sound exactly like no swap. Unprimed, the new engine would start from silence:
    // the tail of the noise before the swap would be missing from it.
    const auto ir = noise(2, 28800, 5, 0.2f);
    auto decaying = ir;
    for (auto& c : decaying)
        for (std::size_t i = 0; i < c.size(); ++i)
            c[i] *= static_cast<float>(std::exp(-6.9 * static_cast<double>(i) / 28800.0));
    const auto input = noise(2, 96000, 6);
    for (const auto mode : {LatencyMode::zero, LatencyMode::efficient})
        for (const int partition : {128, 512}) // 128 at zero latency: a multi-stage engine
        {
            INFO("zero latency " << (mode == LatencyMode::zero) << ", partition " << partition);
            ReverbProcessor reference, swapped;
            for (auto* p : {&reference, &swapped})
            {
                p->prepare({kRate, 256, 2, 2});
                p->installEngine(makeEngine(decaying, 2, 2, mode, partition, 1));
                p->setSettingsImmediately(ReverbSettings{});
            }
            const auto expected = run(reference, input, 200);
            const auto out = run(swapped, input, 200,
                                 [&](int pos)
                                 {
                                     if (pos == 48000) // between blocks, as a loader thread would
                                         swapped.publish(makeEngine(decaying, 2, 2, mode, partition, 2));
                                 });
            CHECK(swapped.playingEngineId() == 2);
            double peak = 0.0;
            for (const auto& c : expected)
                for (const float x : c)
                    peak = std::max(peak, static_cast<double>(std::abs(x)));
            for (std::size_t c = 0; c < 2; ++c)
                CHECK(20.0 * std::log10(maxAbsDiff(out[c], expected[c]) / peak) < -100.0);
        }
}

TEST_CASE("An engine primed before a reset forgets what the reset silenced")
{
    ScopedFlushDenormals noDenormals;
    const std::vector<std::vector<float>> ir = {std::vector<float>(4800, 0.01f)}; // a 100 ms box
    ReverbProcessor p;
    p.prepare({kRate, 256, 1, 1});
    p.installEngine(makeEngine(ir, 1, 1, LatencyMode::zero, 128, 1));
    p.setSettingsImmediately(ReverbSettings{});
    const auto loud = run(p, {std::vector<float>(9600, 1.0f)});
    p.publish(makeEngine(ir, 1, 1, LatencyMode::zero, 128, 2)); // heard the loud input
    p.reset();
    const auto out = run(p, {std::vector<float>(9600, 0.0f)})[0];
    CHECK(p.playingEngineId() == 2);
    for (const float x : out)
        REQUIRE(x == 0.0f);
}

TEST_CASE("Switching latency mode moves the dry delay with the engine")
{
    ScopedFlushDenormals noDenormals;
    const auto in = noise(1, 30000, 8);
    ReverbProcessor p;
    p.prepare({kRate, 256, 1, 1});
    p.installEngine(makeEngine({{1.0f}}, 1, 1, LatencyMode::efficient, 512));
    CHECK(p.latencySamples() == 512);
    ReverbSettings s;
    s.mix = 0.0f;
    p.setSettingsImmediately(s);
    const auto out = run(p, {in}, 128,
                         [&](int pos)
                         {
                             if (pos == 1024)
                                 p.publish(makeEngine({{1.0f}}, 1, 1, LatencyMode::zero, 512, 2));
                         })[0];
    CHECK(p.latencySamples() == 0);
    for (std::size_t i = 1024 + 2400 + 128; i < out.size(); ++i)
        REQUIRE(out[i] == in[0][i]);
}

TEST_CASE("Ducking sounds the same in both latency modes: the ducker hears the dry signal as it is mixed")
{
    ScopedFlushDenormals noDenormals;
    // Bursts of 0.1 s with gaps, so that the reverb ducks and blooms many times.
    auto in = noise(1, 48000, 21);
    for (std::size_t i = 0; i < in[0].size(); ++i)
        in[0][i] *= (i / 4800) % 2 == 0 ? 1.0f : 0.0f;
    const auto ir = noise(1, 4800, 22, 0.1f);
    ReverbSettings s;
    s.mix = 0.5f;
    s.duckAmountDb = 12.0f;
    s.duckThresholdDb = -30.0f;
    s.duckReleaseMs = 100.0f;
    const auto play = [&](LatencyMode mode)
    {
        ReverbProcessor p;
        p.prepare({kRate, 256, 1, 1});
        p.installEngine(makeEngine({ir}, 1, 1, mode, 512));
        p.setSettingsImmediately(s);
        auto padded = in;
        padded[0].resize(in[0].size() + 512, 0.0f);
        auto out = run(p, padded)[0];
        out.erase(out.begin(), out.begin() + p.latencySamples()); // as the host compensates it
        out.resize(in[0].size());
        return out;
    };
    const auto zero = play(LatencyMode::zero);
    const auto efficient = play(LatencyMode::efficient);
    double error = 0.0, energy = 0.0;
    for (std::size_t i = 0; i < zero.size(); ++i)
    {
        error +=
            (static_cast<double>(efficient[i]) - zero[i]) * (static_cast<double>(efficient[i]) - zero[i]);
        energy += static_cast<double>(zero[i]) * zero[i];
    }
    const double nullDb = 10.0 * std::log10(std::max(error, 1e-30) / energy);
    INFO("efficient mode against zero latency, latency compensated: " << nullDb << " dB");
    CHECK(nullDb < -100.0);
}

TEST_CASE("An engine built for another channel layout or sample rate is never played")
{
    ReverbProcessor p;
    p.prepare({kRate, 256, 2, 2});
    p.installEngine(makeEngine(noise(2, 100, 9), 2, 2, LatencyMode::efficient, 128, 1));
    p.publish(makeEngine(noise(1, 100, 10), 1, 1, LatencyMode::efficient, 128, 2));
    run(p, noise(2, 1000, 11));
    auto otherRate = makeEngine(noise(2, 100, 12), 2, 2, LatencyMode::efficient, 128, 3);
    otherRate->sampleRate = 44100.0;
    p.publish(std::move(otherRate));
    run(p, noise(2, 1000, 13));
    CHECK(p.playingEngineId() == 1);
    CHECK(p.collectRetired() == 2);
}

TEST_CASE("Controls automated on every block never click")
{
    ScopedFlushDenormals noDenormals;
    std::vector<float> sine(96000);
    for (std::size_t i = 0; i < sine.size(); ++i)
        sine[i] = static_cast<float>(0.5 * std::sin(2 * M_PI * 100.0 * static_cast<double>(i) / kRate));
    ReverbProcessor p;
    p.prepare({kRate, 64, 1, 2});
    p.installEngine(makeEngine({{0.0f, 1.0f}, {1.0f, 0.0f}}, 1, 2, LatencyMode::zero, 64));
    p.setSettingsImmediately(ReverbSettings{});
    std::mt19937 rng(12);
    std::uniform_real_distribution<float> u(0.0f, 1.0f);
    // Jump every control to a random value on every 32-sample block.
    const auto out = run(p, {sine}, 32,
                         [&](int)
                         {
                             ReverbSettings s;
                             s.mix = u(rng);
                             s.dryLevelDb = -30.0f + 36.0f * u(rng);
                             s.wetLevelDb = -30.0f + 36.0f * u(rng);
                             s.outputGainDb = -20.0f + 20.0f * u(rng);
                             s.width = 2.0f * u(rng);
                             s.lowCutHz = u(rng) < 0.5f ? 0.0f : 20.0f + 500.0f * u(rng);
                             s.highCutHz = u(rng) < 0.5f ? 0.0f : 1000.0f + 19000.0f * u(rng);
                             s.bypass = u(rng) < 0.1f;
                             p.setSettings(s);
                         });
    // A 100 Hz sine at 0.5 moves at most 0.0065 per sample; smoothed gains of up to
    // 4x (+12 dB) and filter transients keep it within a small multiple of that,
    // while a hard gain step would jump by up to 1.
    for (const auto& c : out)
        CHECK(largestStep(c) < 0.1);
}

namespace
{
bool allFinite(const std::vector<std::vector<float>>& x)
{
    for (const auto& c : x)
        for (float v : c)
            if (!std::isfinite(v))
                return false;
    return true;
}

// A processor with a 0.5 s stereo IR, mixed half wet with the filters on, so
// that a bad sample has every stateful part of the chain to poison.
void prepareForBadInput(ReverbProcessor& p, const std::vector<std::vector<float>>& ir)
{
    p.prepare({kRate, 256, 2, 2});
    p.installEngine(makeEngine(ir, 2, 2, LatencyMode::zero));
    ReverbSettings s;
    s.mix = 0.5f;
    s.lowCutHz = 80.0f;
    s.highCutHz = 12000.0f;
    s.predelayMs = 10.0f;
    p.setSettingsImmediately(s);
}
} // namespace

TEST_CASE("NaN and infinite input samples are counted, never heard, and leave no trace")
{
    ScopedFlushDenormals noDenormals;
    const auto ir = noise(2, 24000, 71, 0.05f);
    const auto clean = noise(2, 60000, 72, 0.25f);
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const float inf = std::numeric_limits<float>::infinity();

    for (float bad : {nan, -nan, inf, -inf})
    {
        CAPTURE(bad);
        auto dirty = clean;
        for (int i = 5000; i < 5100; ++i) // a burst of 100 samples on the left
            dirty[0][static_cast<std::size_t>(i)] = bad;
        dirty[1][7000] = bad; // and one on the right

        ReverbProcessor a, b;
        prepareForBadInput(a, ir);
        prepareForBadInput(b, ir);
        const auto out = run(a, dirty, 333);
        CHECK(allFinite(out));
        CHECK(a.inputFaults() == 101);

        // The output is that of the input with the bad samples replaced: 0 for
        // NaN, +-1000 (+60 dBFS) for infinities.
        auto replaced = clean;
        const float as = std::isnan(bad) ? 0.0f : std::copysign(1000.0f, bad);
        for (int i = 5000; i < 5100; ++i)
            replaced[0][static_cast<std::size_t>(i)] = as;
        replaced[1][7000] = as;
        const auto expected = run(b, replaced, 333);
        for (int c = 0; c < 2; ++c)
            CHECK(maxAbsDiff(out[static_cast<std::size_t>(c)], expected[static_cast<std::size_t>(c)]) == 0.0);

        // Once the IR's length has passed after the burst, the output is what clean
        // input gives, but for the filters' state, which differs below -100 dB.
        if (std::isnan(bad))
        {
            ReverbProcessor c;
            prepareForBadInput(c, ir);
            const auto reference = run(c, clean, 333);
            CHECK(maxAbsDiff(out[0], reference[0], 7000 + 24000 + 1) < 1e-5);
        }
    }
}

TEST_CASE("Huge input is clipped at +60 dBFS and never overflows to infinity")
{
    ScopedFlushDenormals noDenormals;
    ReverbProcessor p;
    prepareForBadInput(p, noise(2, 24000, 73, 0.5f));
    ReverbSettings loud;
    loud.wetLevelDb = 24.0f;
    loud.outputGainDb = 24.0f;
    p.setSettingsImmediately(loud);
    auto in = noise(2, 48000, 74, 1.0f);
    for (auto& c : in)
        for (auto& v : c)
            v = std::copysign(std::numeric_limits<float>::max(), v);
    const auto out = run(p, in, 512);
    CHECK(allFinite(out));
    CHECK(p.inputFaults() == 2u * 48000u);
}

TEST_CASE("Subnormal input is taken as silence, even without flush-to-zero on the thread")
{
    // No ScopedFlushDenormals here: a host thread may leave FTZ off.
    ReverbProcessor p, q;
    const auto ir = noise(2, 4000, 75, 0.1f);
    prepareForBadInput(p, ir);
    prepareForBadInput(q, ir);
    std::vector<std::vector<float>> tiny(2, std::vector<float>(20000));
    std::mt19937 rng(76);
    std::uniform_real_distribution<float> mantissa(-1.0f, 1.0f);
    for (auto& c : tiny)
        for (auto& v : c)
            v = mantissa(rng) * std::numeric_limits<float>::denorm_min() * 1000.0f;
    const std::vector<std::vector<float>> silence(2, std::vector<float>(20000, 0.0f));
    const auto a = run(p, tiny, 256);
    const auto b = run(q, silence, 256);
    for (int c = 0; c < 2; ++c)
        CHECK(maxAbsDiff(a[static_cast<std::size_t>(c)], b[static_cast<std::size_t>(c)]) == 0.0);
    CHECK(p.inputFaults() == 0);
}

TEST_CASE("NaN and infinite settings fall back to defaults instead of reaching the audio")
{
    ScopedFlushDenormals noDenormals;
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const float inf = std::numeric_limits<float>::infinity();
    const auto ir = noise(2, 4000, 77, 0.1f);
    const auto in = noise(2, 20000, 78);
    for (float bad : {nan, inf, -inf})
    {
        CAPTURE(bad);
        ReverbSettings s;
        s.mix = s.dryLevelDb = s.wetLevelDb = s.predelayMs = bad;
        s.lowCutHz = s.highCutHz = s.width = s.outputGainDb = bad;
        ReverbProcessor p;
        p.prepare({kRate, 256, 2, 2});
        p.installEngine(makeEngine(ir, 2, 2));
        p.setSettingsImmediately(ReverbSettings{});
        const auto out = run(p, in, 256,
                             [&](int pos)
                             {
                                 if (pos == 256 * 10)
                                     p.setSettings(s);
                             });
        CHECK(allFinite(out));
        if (std::isnan(bad))
        {
            // Every value NaN is every value default: the output is unchanged.
            ReverbProcessor q;
            q.prepare({kRate, 256, 2, 2});
            q.installEngine(makeEngine(ir, 2, 2));
            q.setSettingsImmediately(ReverbSettings{});
            const auto expected = run(q, in, 256);
            for (int c = 0; c < 2; ++c)
                CHECK(maxAbsDiff(out[static_cast<std::size_t>(c)], expected[static_cast<std::size_t>(c)]) ==
                      0.0);
        }
    }
}

TEST_CASE("A layout the processor cannot play is refused when it is prepared")
{
    for (const StreamLayout& bad :
         {StreamLayout{0.0, 256, 2, 2}, StreamLayout{kRate, 0, 2, 2}, StreamLayout{kRate, 256, 3, 2},
          StreamLayout{kRate, 256, 2, 0}, StreamLayout{std::numeric_limits<double>::quiet_NaN(), 256, 1, 1}})
    {
        ReverbProcessor p;
        CHECK_THROWS_AS(p.prepare(bad), std::invalid_argument);
    }
    ReverbProcessor p;
    CHECK_NOTHROW(p.prepare({kRate, 256, 2, 1})); // stereo in, mono out: the average
}

TEST_CASE("The EQ and ducking controls, automated with a 1 Hz square wave over their range, never click")
{
    ScopedFlushDenormals noDenormals;
    // The wet signal is the input (a one-tap IR): three tones, one in each EQ band.
    std::vector<float> tones(96000);
    for (std::size_t i = 0; i < tones.size(); ++i)
    {
        const double t = static_cast<double>(i) / kRate;
        tones[i] =
            static_cast<float>(0.2 * (std::sin(2 * M_PI * 100.0 * t) + std::sin(2 * M_PI * 1000.0 * t) +
                                      std::sin(2 * M_PI * 6000.0 * t)));
    }
    // Each control with the others set so that it is heard.
    struct Control
    {
        const char* name;
        float ReverbSettings::*field;
        float low, high;
    };
    const Control controls[] = {
        {"EQ low frequency", &ReverbSettings::eqLowFrequencyHz, 20.0f, 1000.0f},
        {"EQ low gain", &ReverbSettings::eqLowGainDb, -18.0f, 18.0f},
        {"EQ bell frequency", &ReverbSettings::eqBellFrequencyHz, 40.0f, 16000.0f},
        {"EQ bell gain", &ReverbSettings::eqBellGainDb, -18.0f, 18.0f},
        {"EQ bell Q", &ReverbSettings::eqBellQ, 0.3f, 8.0f},
        {"EQ high frequency", &ReverbSettings::eqHighFrequencyHz, 1000.0f, 16000.0f},
        {"EQ high gain", &ReverbSettings::eqHighGainDb, -18.0f, 18.0f},
        {"duck amount", &ReverbSettings::duckAmountDb, 0.0f, 24.0f},
        {"duck threshold", &ReverbSettings::duckThresholdDb, -60.0f, 0.0f},
        {"duck release", &ReverbSettings::duckReleaseMs, 20.0f, 3000.0f},
    };
    ReverbSettings base;
    base.eqLowGainDb = 12.0f;
    base.eqBellGainDb = -12.0f;
    base.eqHighGainDb = 12.0f;
    base.duckAmountDb = 12.0f;
    base.duckThresholdDb = -20.0f;

    const auto render = [&](ReverbSettings settings, const Control& c, bool automate)
    {
        ReverbProcessor p;
        p.prepare({kRate, 64, 1, 1});
        EngineSpec spec;
        spec.latencyMode = LatencyMode::zero;
        p.installEngine(makeReverbEngine({{1.0f}}, {kRate, 64, 1, 1}, spec));
        p.setSettingsImmediately(settings);
        auto out = run(p, {tones}, 64,
                       [&](int pos)
                       {
                           if (!automate)
                               return;
                           ReverbSettings s = settings;
                           s.*c.field = (pos / 24000) % 2 == 0 ? c.low : c.high; // flips every 0.5 s
                           p.setSettings(s);
                       });
        // From 0.1 s: the ducker's first attack and the filters' start are not automation.
        return std::vector<float>(out[0].begin() + 4800, out[0].end());
    };
    for (const auto& c : controls)
    {
        ReverbSettings low = base, high = base;
        low.*c.field = c.low;
        high.*c.field = c.high;
        const double own = std::max(largestStep(render(low, c, false)), largestStep(render(high, c, false)));
        const double automated = largestStep(render(low, c, true));
        // On the way between the ends the tones sum with other gains and phases, so a
        // step may exceed both ends' by a hair (measured: up to 1.5 %); a change that
        // is not smoothed jumps by many times the signal's step.
        INFO(c.name << ": largest step " << automated << " automated, " << own << " at either end alone");
        CHECK(automated <= 1.05 * own);
    }
}
