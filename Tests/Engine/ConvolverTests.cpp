// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// The engine against a double-precision reference, over random IRs, partition
// sizes, latency modes, routings and host block sizes.
#include "Convolver.h"
#include "Denormals.h"
#include "ReferenceConvolution.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <tuple>

using namespace faltung;
using namespace faltung::test;

namespace
{
constexpr double kRequiredErrorDb = -100.0;
const int kPartitionSizes[] = {32, 64, 128, 256, 512, 1024, 2048, 4096, 8192};
const LatencyMode kModes[] = {LatencyMode::efficient, LatencyMode::zero};

const char* modeName(LatencyMode m)
{
    return m == LatencyMode::zero ? "zero latency" : "efficient";
}

// What each output should be, spelled out from the routing rules in Routing.h
// (and written independently of Routing.cpp): per output, a sum of
// (input, IR channel, gain) terms.
using Terms = std::vector<std::tuple<int, int, double>>;
std::vector<Terms> expectedRouting(int numInputs, int numOutputs, int numIrChannels)
{
    enum
    {
        LL,
        LR,
        RL,
        RR
    };
    const int key = numInputs * 100 + numOutputs * 10 + numIrChannels;
    switch (key)
    {
        case 111:
            return {{{0, 0, 1.0}}};
        case 112:
            return {{{0, 0, 0.5}, {0, 1, 0.5}}};
        case 114:
            return {{{0, LL, 0.5}, {0, LR, 0.5}, {0, RL, 0.5}, {0, RR, 0.5}}};
        case 121:
            return {{{0, 0, 1.0}}, {{0, 0, 1.0}}};
        case 122:
            return {{{0, 0, 1.0}}, {{0, 1, 1.0}}};
        case 124:
            return {{{0, LL, 1.0}, {0, RL, 1.0}}, {{0, LR, 1.0}, {0, RR, 1.0}}};
        case 211:
            return {{{0, 0, 0.5}, {1, 0, 0.5}}};
        case 212:
            return {{{0, 0, 0.5}, {1, 1, 0.5}}};
        case 214:
            return {{{0, LL, 0.5}, {0, LR, 0.5}, {1, RL, 0.5}, {1, RR, 0.5}}};
        case 221:
            return {{{0, 0, 1.0}}, {{1, 0, 1.0}}};
        case 222:
            return {{{0, 0, 1.0}}, {{1, 1, 1.0}}};
        case 224:
            return {{{0, LL, 1.0}, {1, RL, 1.0}}, {{0, LR, 1.0}, {1, RR, 1.0}}};
        default:
            FAIL("no expectation for this routing");
            return {};
    }
}

std::vector<std::vector<double>> reference(const std::vector<std::vector<float>>& in,
                                           const std::vector<std::vector<float>>& ir, int numOutputs)
{
    const auto routing =
        expectedRouting(static_cast<int>(in.size()), numOutputs, static_cast<int>(ir.size()));
    std::vector<std::vector<double>> out(routing.size());
    for (std::size_t o = 0; o < routing.size(); ++o)
        for (const auto& [input, irChannel, gain] : routing[o])
        {
            std::vector<float> scaled = ir[static_cast<std::size_t>(irChannel)];
            auto y = referenceConvolution(in[static_cast<std::size_t>(input)], scaled);
            for (auto& v : y)
                v *= gain;
            accumulate(out[o], y);
        }
    return out;
}

std::vector<float> noise(std::mt19937& rng, std::size_t n)
{
    std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
    std::vector<float> v(n);
    for (auto& x : v)
        x = dist(rng);
    return v;
}

std::vector<std::vector<float>> noiseChannels(std::mt19937& rng, int channels, std::size_t n)
{
    std::vector<std::vector<float>> v;
    for (int c = 0; c < channels; ++c)
        v.push_back(noise(rng, n));
    return v;
}

// Feeds `in` (zero-padded to totalLength) through the engine in calls of random
// size from 1 to maxCall (or all of fixedCall samples), and returns what comes out.
std::vector<std::vector<float>> run(Convolver& engine, const std::vector<std::vector<float>>& in,
                                    std::size_t totalLength, std::mt19937& rng, int maxCall,
                                    int fixedCall = 0)
{
    std::vector<std::vector<float>> input(in.size()), output(static_cast<std::size_t>(engine.numOutputs()));
    for (std::size_t c = 0; c < in.size(); ++c)
    {
        input[c] = in[c];
        input[c].resize(totalLength, 0.0f);
    }
    for (auto& o : output)
        o.assign(totalLength, 0.0f);

    std::uniform_int_distribution<int> callSize(1, maxCall);
    std::uniform_int_distribution<int> shape(0, 9);
    std::vector<const float*> inPtrs(in.size());
    std::vector<float*> outPtrs(output.size());
    for (std::size_t pos = 0; pos < totalLength;)
    {
        // Mostly random sizes, with single samples and whole large calls mixed in.
        const int pick = shape(rng);
        int n = fixedCall > 0 ? fixedCall : pick == 0 ? 1 : pick == 1 ? maxCall : callSize(rng);
        n = static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(n), totalLength - pos));
        for (std::size_t c = 0; c < in.size(); ++c)
            inPtrs[c] = input[c].data() + pos;
        for (std::size_t c = 0; c < output.size(); ++c)
            outPtrs[c] = output[c].data() + pos;
        engine.process(inPtrs.data(), outPtrs.data(), n);
        pos += static_cast<std::size_t>(n);
    }
    return output;
}

struct Case
{
    int partitionSize;
    LatencyMode mode;
    int numInputs;
    int numOutputs;
    int numIrChannels;
    int irLength;
    int inputLength;
    int maxCall;
    int fixedCall = 0; // > 0: every call this long, as from a host with a fixed block size
    int fftRatio = 0;  // EngineSpec::fftRatio; 0: the default
};

// Runs one case and returns the worst output error in dB.
double worstErrorDb(const Case& c, std::mt19937& rng)
{
    const auto ir = noiseChannels(rng, c.numIrChannels, static_cast<std::size_t>(c.irLength));
    const auto in = noiseChannels(rng, c.numInputs, static_cast<std::size_t>(c.inputLength));

    EngineSpec spec;
    spec.partitionSize = c.partitionSize;
    spec.latencyMode = c.mode;
    if (c.fftRatio > 0)
        spec.fftRatio = c.fftRatio;
    Convolver engine;
    engine.prepare(spec, StreamLayout{48000.0, c.maxCall, c.numInputs, c.numOutputs}, ir);
    REQUIRE(engine.latencySamples() == (c.mode == LatencyMode::zero ? 0 : c.partitionSize));

    const auto expected = reference(in, ir, c.numOutputs);
    const std::size_t total = expected.front().size() + static_cast<std::size_t>(engine.latencySamples());
    const auto actual = run(engine, in, total, rng, c.maxCall, c.fixedCall);

    double worst = -400.0;
    for (std::size_t o = 0; o < expected.size(); ++o)
        worst = std::max(worst, errorDb(actual[o], expected[o], engine.latencySamples()));
    return worst;
}

std::string describe(const Case& c)
{
    return "B=" + std::to_string(c.partitionSize) + " " + modeName(c.mode) + " " +
           std::to_string(c.numInputs) + "in/" + std::to_string(c.numOutputs) + "out IR " +
           std::to_string(c.numIrChannels) + "ch x " + std::to_string(c.irLength) + " taps, calls up to " +
           std::to_string(c.maxCall) + (c.fftRatio > 0 ? ", FFT " + std::to_string(c.fftRatio) + "B" : "");
}
} // namespace

TEST_CASE("An impulse gives the IR back, delayed by exactly the reported latency")
{
    ScopedFlushDenormals noDenormals;
    std::mt19937 rng(1);
    for (int B : {32, 256, 8192})
        for (auto mode : kModes)
            for (int length : {1, 40, B + 5, 3 * B + 1})
            {
                CAPTURE(B, modeName(mode), length);
                const auto ir = noiseChannels(rng, 1, static_cast<std::size_t>(length));
                EngineSpec spec;
                spec.partitionSize = B;
                spec.latencyMode = mode;
                Convolver engine;
                engine.prepare(spec, StreamLayout{48000.0, 4096, 1, 1}, ir);
                const int latency = engine.latencySamples();
                CHECK(latency == (mode == LatencyMode::zero ? 0 : B));

                std::vector<float> impulse(static_cast<std::size_t>(latency + length + B), 0.0f);
                impulse[0] = 1.0f;
                const auto out = run(engine, {impulse}, impulse.size(), rng, 3 * B)[0];
                for (int i = 0; i < latency; ++i)
                    REQUIRE(out[static_cast<std::size_t>(i)] == 0.0f);
                for (int k = 0; k < length; ++k)
                    REQUIRE(out[static_cast<std::size_t>(latency + k)] ==
                            Approx(ir[0][static_cast<std::size_t>(k)]).margin(1e-5));
                for (std::size_t i = static_cast<std::size_t>(latency + length); i < out.size(); ++i)
                    REQUIRE(std::abs(out[i]) < 1e-5f);
            }
}

TEST_CASE("Matches a double-precision reference at every partition size, latency mode and routing")
{
    ScopedFlushDenormals noDenormals;
    std::mt19937 rng(20261123);
    const std::tuple<int, int, int> routings[] = {{1, 1, 1}, {2, 2, 2}, {1, 2, 2}, {2, 2, 4}};
    double worstOfAll = -400.0;
    for (int B : kPartitionSizes)
        for (auto mode : kModes)
            for (const auto& [ins, outs, irChannels] : routings)
            {
                // IR length log-uniform from 1 to 200,000 taps.
                std::uniform_real_distribution<double> logLength(0.0, std::log(200000.0));
                std::uniform_int_distribution<int> maxCall(1, 3 * B);
                Case c{B, mode,        ins, outs, irChannels, static_cast<int>(std::exp(logLength(rng))),
                       0, maxCall(rng)};
                c.inputLength = std::min(c.irLength, 3000) + 2 * B;
                INFO(describe(c));
                const double error = worstErrorDb(c, rng);
                CHECK(error <= kRequiredErrorDb);
                worstOfAll = std::max(worstOfAll, error);
            }
    WARN("worst error over " << std::size(kPartitionSizes) * 8 << " random cases: " << worstOfAll << " dB");
}

TEST_CASE("IR lengths at the partition and direct-FIR boundaries")
{
    ScopedFlushDenormals noDenormals;
    std::mt19937 rng(7);
    for (int B : {32, 128, 1024})
        for (auto mode : kModes)
            for (int length :
                 {1, 2, defaultDirectFirCrossover(B) - 1, defaultDirectFirCrossover(B),
                  defaultDirectFirCrossover(B) + 1, B - 1, B, B + 1, 2 * B - 1, 2 * B, 2 * B + 1, 5 * B + 7})
                for (int irChannels : {1, 4})
                {
                    Case c{B, mode, 2, 2, irChannels, length, 4 * B + 3, B + 3};
                    INFO(describe(c));
                    CHECK(worstErrorDb(c, rng) <= kRequiredErrorDb);
                }
}

TEST_CASE("Zero latency with calls of whole blocks: the head by FFT, alone or mixed with the FIR")
{
    // Calls of B (every block whole and aligned: the FFT head alone), 2B, 3B/2
    // (alternately whole blocks and halves) and B/2 (never whole: the FIR alone).
    ScopedFlushDenormals noDenormals;
    std::mt19937 rng(13);
    for (int B : {32, 128, 1024})
        for (int call : {B, 2 * B, 3 * B / 2, B / 2})
            for (auto [ins, outs, irChannels] : {std::tuple{1, 1, 1}, {2, 2, 2}, {2, 2, 4}, {1, 2, 2}})
            {
                Case c{B, LatencyMode::zero, ins, outs, irChannels, 3 * B + 17, 12 * B, 2 * B, call};
                INFO(describe(c) << ", every call " << call);
                CHECK(worstErrorDb(c, rng) <= kRequiredErrorDb);
            }
}

TEST_CASE("FFTs larger than 2B: partitions of (ratio - 1) B taken in blocks of B")
{
    // IR lengths at the larger partitions' boundaries and beyond; random calls, and
    // whole blocks in zero latency (the FFT head on the larger FFT).
    ScopedFlushDenormals noDenormals;
    std::mt19937 rng(17);
    for (int ratio : {2, 4, 8, 16, 64})
        for (int B : {32, 128, 1024})
            for (auto mode : kModes)
            {
                const int L = (ratio - 1) * B;
                for (int length : {B + 1, L, L + 1, 3 * L + 17})
                    for (auto [ins, outs, irChannels] : {std::tuple{1, 1, 1}, {2, 2, 4}, {1, 2, 2}})
                        for (int fixedCall : {0, B})
                        {
                            Case c{B,      mode,      ins,       outs,      irChannels,
                                   length, 3 * B + 5, 2 * B + 3, fixedCall, ratio};
                            c.inputLength = std::min(length, 5000) + 2 * B;
                            INFO(describe(c) << ", every call " << fixedCall);
                            CHECK(worstErrorDb(c, rng) <= kRequiredErrorDb);
                        }
            }
}

TEST_CASE("The FFT ratio grows with the data the multiply-accumulate streams, as measured")
{
    // Stereo (2 paths) at 48 kHz: the best ratios of faltung-benchmark's faltung-fft*
    // rows (Tests/Benchmarks/results/fft-ratio.txt), within a few per cent.
    struct Point
    {
        double seconds;
        int B;
        int ratio;
    };
    for (const auto& [seconds, B, ratio] : {Point{0.05, 64, 2},
                                            {0.05, 1024, 2},
                                            {0.5, 64, 4},
                                            {0.5, 128, 4},
                                            {0.5, 512, 2},
                                            {1.0, 128, 4},
                                            {1.0, 512, 2},
                                            {2.0, 64, 16},
                                            {2.0, 512, 8},
                                            {2.0, 1024, 4},
                                            {3.0, 128, 16},
                                            {3.0, 256, 16},
                                            {3.0, 512, 8},
                                            {3.0, 1024, 4},
                                            {3.0, 4096, 2},
                                            {10.0, 64, 8},
                                            {10.0, 512, 8}})
    {
        CAPTURE(seconds, B);
        CHECK(defaultFftRatio(B, static_cast<int>(seconds * 48000), 2) == ratio);
    }
    // A multi-stage engine's first stage is a few partitions long: classic FFTs.
    CHECK(defaultFftRatio(64, 7 * 64, 2) == 2);

    // The engine uses it: partitions of (ratio - 1) B, in blocks of B.
    std::mt19937 rng(5);
    EngineSpec spec;
    spec.partitionSize = 128;
    Convolver engine;
    engine.prepare(spec, StreamLayout{48000.0, 4096, 2, 2}, noiseChannels(rng, 2, 144000));
    CHECK_THAT(engine.describe(), Catch::Contains("partitions of 1920 in blocks of 128"));
    spec.fftRatio = 2;
    engine.prepare(spec, StreamLayout{48000.0, 4096, 2, 2}, noiseChannels(rng, 2, 144000));
    CHECK_THAT(engine.describe(), Catch::Contains("partitions of 128 (efficient)"));
}

TEST_CASE("A 200,000-tap IR with a long input")
{
    ScopedFlushDenormals noDenormals;
    std::mt19937 rng(11);
    for (int B : {128, 1024, 8192})
        for (auto mode : kModes)
        {
            Case c{B, mode, 2, 2, 2, 200000, 48000, 1000};
            INFO(describe(c));
            const double error = worstErrorDb(c, rng);
            CHECK(error <= kRequiredErrorDb);
            WARN(describe(c) << ": " << error << " dB");
        }
}

TEST_CASE("Every combination of 1 or 2 inputs and outputs with 1, 2 or 4 IR channels")
{
    ScopedFlushDenormals noDenormals;
    std::mt19937 rng(3);
    for (int ins : {1, 2})
        for (int outs : {1, 2})
            for (int irChannels : {1, 2, 4})
                for (auto mode : kModes)
                    for (int length : {50, 3000})
                    {
                        Case c{64, mode, ins, outs, irChannels, length, 2000, 300};
                        INFO(describe(c));
                        CHECK(worstErrorDb(c, rng) <= kRequiredErrorDb);
                    }
}

TEST_CASE("reset() forgets all history")
{
    ScopedFlushDenormals noDenormals;
    std::mt19937 rng(5);
    for (auto mode : kModes)
        for (int length : {30, 5000})
        {
            CAPTURE(modeName(mode), length);
            const auto ir = noiseChannels(rng, 4, static_cast<std::size_t>(length));
            EngineSpec spec;
            spec.partitionSize = 128;
            spec.latencyMode = mode;
            Convolver used, fresh;
            used.prepare(spec, StreamLayout{48000.0, 4096, 2, 2}, ir);
            fresh.prepare(spec, StreamLayout{48000.0, 4096, 2, 2}, ir);

            run(used, noiseChannels(rng, 2, 7777), 7777, rng, 500); // leaves history and a part-filled block
            used.reset();

            const auto probe = noiseChannels(rng, 2, 3000);
            const std::size_t total = 3000 + static_cast<std::size_t>(length + 128);
            std::mt19937 sameCalls1(9), sameCalls2(9);
            const auto a = run(used, probe, total, sameCalls1, 500);
            const auto b = run(fresh, probe, total, sameCalls2, 500);
            REQUIRE(a == b);
        }
}

TEST_CASE("In-place processing gives the same output as separate buffers")
{
    ScopedFlushDenormals noDenormals;
    std::mt19937 rng(8);
    for (auto mode : kModes)
    {
        const auto ir = noiseChannels(rng, 4, 4000);
        EngineSpec spec;
        spec.partitionSize = 64;
        spec.latencyMode = mode;
        Convolver a, b;
        a.prepare(spec, StreamLayout{48000.0, 4096, 2, 2}, ir);
        b.prepare(spec, StreamLayout{48000.0, 4096, 2, 2}, ir);
        auto buffers = noiseChannels(rng, 2, 5000);
        auto separate = buffers;
        for (std::size_t pos = 0; pos < 5000; pos += 250)
        {
            const float* in[] = {buffers[0].data() + pos, buffers[1].data() + pos};
            float* out[] = {separate[0].data() + pos, separate[1].data() + pos};
            a.process(in, out, 250);
            float* io[] = {buffers[0].data() + pos, buffers[1].data() + pos};
            b.process(io, io, 250);
        }
        REQUIRE(buffers == separate);
    }
}

TEST_CASE("Calls of zero samples and calls larger than the prepared maximum")
{
    ScopedFlushDenormals noDenormals;
    std::mt19937 rng(12);
    for (auto mode : kModes)
    {
        const auto ir = noiseChannels(rng, 1, 3000);
        const auto in = noise(rng, 6000);
        EngineSpec spec;
        spec.partitionSize = 256;
        spec.latencyMode = mode;
        Convolver engine;
        engine.prepare(spec, StreamLayout{48000.0, 64, 1, 1}, ir);
        std::vector<float> padded = in;
        padded.resize(6000 + 3000 + 256, 0.0f);
        std::vector<float> out(padded.size(), 0.0f);
        for (std::size_t pos = 0; pos < padded.size();)
        {
            const int n = static_cast<int>(std::min<std::size_t>(1000, padded.size() - pos));
            const float* i[] = {padded.data() + pos};
            float* o[] = {out.data() + pos};
            engine.process(i, o, 0);
            engine.process(i, o, n);
            pos += static_cast<std::size_t>(n);
        }
        CHECK(errorDb(out, referenceConvolution(in, ir[0]), engine.latencySamples()) <= kRequiredErrorDb);
    }
}

TEST_CASE("Bad arguments are refused with a reason")
{
    Convolver engine;
    EngineSpec spec;
    const std::vector<std::vector<float>> mono{std::vector<float>(100, 0.1f)};
    spec.partitionSize = 100;
    CHECK_THROWS_WITH(engine.prepare(spec, StreamLayout{48000.0, 4096, 1, 1}, mono),
                      Catch::Contains("power of two"));
    spec.partitionSize = 16;
    CHECK_THROWS_WITH(engine.prepare(spec, StreamLayout{48000.0, 4096, 1, 1}, mono),
                      Catch::Contains("32 to 8192"));
    spec.partitionSize = 16384;
    CHECK_THROWS_AS(engine.prepare(spec, StreamLayout{48000.0, 4096, 1, 1}, mono), std::invalid_argument);
    spec.partitionSize = 256;
    CHECK_THROWS_WITH(engine.prepare(spec, StreamLayout{48000.0, 4096, 1, 1}, {}), Catch::Contains("empty"));
    CHECK_THROWS_WITH(engine.prepare(spec, StreamLayout{48000.0, 4096, 1, 1}, {std::vector<float>{}}),
                      Catch::Contains("empty"));
    CHECK_THROWS_WITH(engine.prepare(spec, StreamLayout{48000.0, 4096, 1, 2},
                                     {std::vector<float>(10), std::vector<float>(11)}),
                      Catch::Contains("differ in length"));
    CHECK_THROWS_WITH(engine.prepare(spec, StreamLayout{48000.0, 4096, 1, 2},
                                     std::vector<std::vector<float>>(3, std::vector<float>(10))),
                      Catch::Contains("1, 2 or 4 channels"));
    CHECK_THROWS_AS(engine.prepare(spec, StreamLayout{48000.0, 4096, 3, 2}, mono), std::invalid_argument);
    for (int ratio : {0, 1, 3, 128})
    {
        spec.fftRatio = ratio;
        CHECK_THROWS_WITH(engine.prepare(spec, StreamLayout{48000.0, 4096, 1, 1}, mono),
                          Catch::Contains("FFT ratio"));
    }
}
