// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// The measurement science on systems whose answer is known: factory IRs as rooms,
// played through a loudspeaker that distorts as tanh does, with the interface's
// delay and noise. What comes back must be the room (within the sweep's band),
// with the distortion found where the theory puts it, the latency to the sample,
// and averaging as good as the square root of the repeats.
#include "Deconvolution.h"
#include "FactoryLibrary.h"
#include "Sweep.h"
#include "SyntheticRecording.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

using namespace faltung;
using namespace faltung::test;

namespace
{
constexpr double kRate = 48000.0;

// A short measurement, so that the tests run quickly: 6 s from 20 Hz to 20 kHz.
SweepSpec shortSweep()
{
    SweepSpec spec;
    spec.sampleRate = kRate;
    spec.sweepSeconds = 6.0;
    spec.silenceSeconds = 2.0;
    return spec;
}

// tanh(A sin) has a third harmonic A^2 / 12 of the fundamental: 1 % at this level.
constexpr double kOnePercentThdLevelDb = -9.2081875; // 20 log10(sqrt(0.12))

std::vector<std::vector<float>> roomOf(const std::string& factoryId)
{
    const auto ir = factory::loadFactoryImpulseResponse(factoryId);
    REQUIRE(ir.sampleRate == kRate);
    return ir.channels;
}

// The room as the measurement can know it: band-limited by the sweep and its
// inverse (sweep (*) inverse is the band's impulse, at the inverse's delay).
std::vector<std::vector<float>> bandLimited(const SweepSpec& spec,
                                            const std::vector<std::vector<float>>& room)
{
    const auto inverse = inverseFilter(spec);
    auto band = fftConvolve(exponentialSweep(spec), inverse.taps);
    band.erase(band.begin(), band.begin() + inverse.delay - 2 * static_cast<int>(kRate / 10));
    band.resize(static_cast<std::size_t>(4 * kRate / 10)); // +-0.2 s around the impulse
    std::vector<std::vector<float>> limited;
    for (const auto& channel : room)
    {
        auto c = fftConvolve(channel, band);
        c.erase(c.begin(), c.begin() + static_cast<int>(2 * kRate / 10)); // the impulse back at 0
        limited.push_back(std::move(c));
    }
    return limited;
}

// The first sample (any channel) within 20 dB of the peak.
int onsetOf(const std::vector<std::vector<float>>& channels)
{
    double peak = 0.0;
    for (const auto& c : channels)
        for (float v : c)
            peak = std::max(peak, static_cast<double>(v) * v);
    for (std::size_t i = 0; i < channels[0].size(); ++i)
        for (const auto& c : channels)
            if (static_cast<double>(c[i]) * c[i] >= 0.01 * peak)
                return static_cast<int>(i);
    return 0;
}

// How far `recovered` is from `reference` (from `referenceStart`, over `length`
// samples of every channel), in dB, once one gain (the normalisation's) is fitted.
double mismatchDb(const std::vector<std::vector<float>>& recovered,
                  const std::vector<std::vector<float>>& reference, int referenceStart, int length)
{
    REQUIRE(recovered.size() == reference.size());
    double rx = 0.0, xx = 0.0;
    for (std::size_t c = 0; c < reference.size(); ++c)
        for (int i = 0; i < length; ++i)
        {
            const double x = reference[c].at(static_cast<std::size_t>(referenceStart + i));
            rx += recovered[c].at(static_cast<std::size_t>(i)) * x;
            xx += x * x;
        }
    const double g = rx / xx;
    double error = 0.0;
    for (std::size_t c = 0; c < reference.size(); ++c)
        for (int i = 0; i < length; ++i)
        {
            const double d = recovered[c][static_cast<std::size_t>(i)] -
                             g * reference[c][static_cast<std::size_t>(referenceStart + i)];
            error += d * d;
        }
    return 10.0 * std::log10(error / (g * g * xx));
}

// The IR as recovered, against the band-limited room, over its first 0.5 s (or,
// when the noise ends it sooner, up to its faded last tenth).
double recoveryDb(const CaptureResult& result, const SweepSpec& spec,
                  const std::vector<std::vector<float>>& room)
{
    const auto reference = bandLimited(spec, room);
    const int pre = static_cast<int>(std::lround(0.001 * kRate)); // the IR keeps 1 ms before its onset
    const int start = onsetOf(reference) - pre;
    const int length = std::min({static_cast<int>(kRate / 2), static_cast<int>(result.ir[0].size()) * 9 / 10,
                                 static_cast<int>(reference[0].size()) - start});
    return mismatchDb(result.ir, reference, start, length);
}
} // namespace

TEST_CASE(
    "The sweep file carries its description, and its inverse filter turns the sweep into the band's impulse")
{
    auto spec = shortSweep();
    spec.repeats = 3;
    spec.click = true;
    spec.trueStereo = true;
    const auto parsed = parseSweepSpec(describe(spec));
    CHECK(describe(parsed) == describe(spec));
    CHECK_THROWS_AS(parseSweepSpec("a recording of a cat"), std::invalid_argument);

    const auto layout = layoutOf(spec);
    const auto file = sweepSignal(spec);
    REQUIRE(file.size() == 2);
    CHECK(static_cast<int>(file[0].size()) == layout.length);
    // Every sweep on the left, then every sweep on the right; the click on both.
    const auto level = [&](const std::vector<float>& c, int from, int n)
    {
        float m = 0.0f;
        for (int i = from; i < from + n; ++i)
            m = std::max(m, std::abs(c[static_cast<std::size_t>(i)]));
        return m;
    };
    const float peak = static_cast<float>(std::pow(10.0, spec.levelDb / 20.0));
    CHECK(level(file[0], layout.sweepStart(0, 2), layout.sweepLength) == Approx(peak).epsilon(0.01));
    CHECK(level(file[1], layout.sweepStart(0, 2), layout.sweepLength) == 0.0f);
    CHECK(level(file[1], layout.sweepStart(1, 0), layout.sweepLength) == Approx(peak).epsilon(0.01));
    CHECK(level(file[0], layout.sweepStart(1, 0), layout.sweepLength) == 0.0f);
    CHECK(level(file[1], layout.clickAt, 48) > 0.4f);

    // sweep (*) inverse: one impulse at the inverse's delay, flat across the band.
    const auto inverse = inverseFilter(spec);
    const auto y = fftConvolve(exponentialSweep(spec), inverse.taps);
    const auto top =
        std::max_element(y.begin(), y.end(), [](float a, float b) { return std::abs(a) < std::abs(b); });
    CHECK(top - y.begin() == inverse.delay);
    // The band's share of a unit impulse: (end - start) / (rate / 2).
    CHECK(*top == Approx((spec.endHz - spec.startHz) / (kRate / 2.0)).epsilon(0.02));
    // Away from it (beyond 0.3 s), nothing: below -80 dB.
    double far = 0.0;
    for (std::size_t i = 0; i < y.size(); ++i)
        if (std::abs(static_cast<int>(i) - inverse.delay) > static_cast<int>(0.3 * kRate))
            far = std::max(far, static_cast<double>(std::abs(y[i])));
    CHECK(20.0 * std::log10(far / *top) < -80.0);
}

TEST_CASE("A room heard through a distorting loudspeaker with noise is recovered at -50 dB, its distortion "
          "found where predicted and cut, its latency the inserted delay")
{
    auto spec = shortSweep();
    spec.levelDb = kOnePercentThdLevelDb;
    const auto room = roomOf("small-room");
    SyntheticSystem system;
    system.rooms = {room};
    system.distort = true;
    system.delay = 1234;
    system.noiseDb = -60.0;

    for (const bool loopback : {false, true})
    {
        INFO((loopback ? "with the loopback" : "without a loopback"));
        system.loopback = loopback;
        CaptureOptions options;
        options.loopbackChannel = loopback ? 2 : -1;
        const auto result = deconvolveSweepRecording(recordSweep(spec, system), kRate, spec, options);
        const auto& r = result.report;
        REQUIRE(result.ir.size() == 2);

        const double recovery = recoveryDb(result, spec, room);
        WARN((loopback ? "loopback: " : "microphones alone: ")
             << "recovered within " << recovery << " dB over " << std::min(0.5, result.ir[0].size() / kRate)
             << " s; peak to noise " << r.peakToNoiseDb << " dB; latency " << r.latencySamples
             << " samples; distortion " << r.distortionDb << " dB (H2 " << r.harmonics.at(0).levelDb
             << " dB, H3 " << r.harmonics.at(1).levelDb << " dB at " << r.harmonics.at(1).foundSeconds
             << " s, predicted " << r.harmonics.at(1).predictedSeconds << " s); RT60 " << r.rt60Seconds
             << " s");
        CHECK(recovery < -50.0);

        // The latency: the loopback's is the interface's alone; without one, the
        // response begins where the room's own onset lands after the delay.
        if (loopback)
            CHECK(r.latencySamples == system.delay);
        else
            CHECK(r.latencySamples == system.delay + onsetOf(bandLimited(spec, room)));

        // tanh makes odd harmonics: the third at 1 % (-40 dB), found L ln 3 before
        // the response; the second is not there.
        REQUIRE(r.harmonics.size() >= 3);
        CHECK(r.harmonics[1].order == 3);
        CHECK(r.harmonics[1].levelDb == Approx(-40.0).margin(2.0));
        CHECK(std::abs(r.harmonics[1].foundSeconds - r.harmonics[1].predictedSeconds) < 0.001);
        CHECK(r.harmonics[0].levelDb < r.harmonics[1].levelDb - 8.0);
        CHECK(r.distortionDb == Approx(-40.0).margin(2.0));
    }
}

TEST_CASE("A guitar cabinet is recovered at -50 dB, and averaging 4 repeats lowers the noise by 6 dB")
{
    auto spec = shortSweep();
    spec.silenceSeconds = 1.0;
    const auto cabinet = roomOf("cabinet");
    SyntheticSystem system;
    system.rooms = {cabinet};
    system.noiseDb = -30.0;

    double peakToNoise[2] = {};
    for (const int repeats : {1, 4})
    {
        spec.repeats = repeats;
        system.seed = static_cast<unsigned>(repeats);
        const auto result = deconvolveSweepRecording(recordSweep(spec, system), kRate, spec);
        CHECK(result.report.repeatsAveraged == repeats);
        peakToNoise[repeats == 4] = result.report.peakToNoiseDb;
        // A loudspeaker that does not distort: nothing told apart from the noise.
        CHECK(result.report.distortionBelowNoise);
        if (repeats == 1)
            CHECK(recoveryDb(result, spec, cabinet) < -50.0);
    }
    WARN("the cabinet, noise at -30 dB: peak to noise " << peakToNoise[0] << " dB with one sweep, "
                                                        << peakToNoise[1] << " dB with four averaged");
    CHECK(peakToNoise[1] - peakToNoise[0] == Approx(6.02).margin(1.0));
}

TEST_CASE("True stereo: two sweeps, left then right, recorded in stereo, give the four paths LL LR RL RR")
{
    auto spec = shortSweep();
    spec.trueStereo = true;
    const auto small = roomOf("small-room");
    const auto live = roomOf("studio-live-room");
    SyntheticSystem system;
    // Each path its own, the right speaker's 6 dB quieter: the IR keeps the balance.
    auto quieter = [](std::vector<float> c)
    {
        for (auto& v : c)
            v *= 0.5f;
        return c;
    };
    system.rooms = {{small[0], small[1]}, {quieter(live[1]), quieter(live[0])}};
    system.noiseDb = -60.0;
    const auto result = deconvolveSweepRecording(recordSweep(spec, system), kRate, spec);
    REQUIRE(result.ir.size() == 4);
    const double recovery = recoveryDb(
        result, spec, {system.rooms[0][0], system.rooms[0][1], system.rooms[1][0], system.rooms[1][1]});
    WARN("true stereo: the four paths recovered within " << recovery << " dB, with one gain for all");
    CHECK(recovery < -50.0);
}
