// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// The app's measurement as the audio thread runs it (CaptureRun): a sweep file
// played block by block, blocks of any size, through a simulated interface whose
// output 2 is wired to a loudspeaker in a known room and heard on input 1, with
// output 2 also wired back to input 2 (the loopback). The recording it makes must
// deconvolve into that room.
#include "CaptureRun.h"
#include "Deconvolution.h"
#include "FactoryLibrary.h"
#include "SyntheticRecording.h"

#include <catch2/catch.hpp>

#include <random>
#include <thread>

using namespace faltung;
using namespace faltung::test;

TEST_CASE("A sweep played and recorded block by block through an interface loop deconvolves into the room")
{
    constexpr double kRate = 48000.0;
    constexpr int kDelay = 777; // the interface's round trip
    SweepSpec spec;
    spec.sweepSeconds = 4.0;
    spec.silenceSeconds = 1.5;
    const auto file = sweepSignal(spec);
    const auto room = factory::loadFactoryImpulseResponse("small-room").channels[0];

    // What the device's inputs will carry: the room's answer to output 2 on input 1,
    // output 2 itself on input 2, both kDelay late (the sweep starts with the first
    // block after start()).
    const std::size_t total = file[0].size() + static_cast<std::size_t>(kRate);
    std::vector<std::vector<float>> inputs(3, std::vector<float>(total + 8192, 0.0f));
    auto heard = fftConvolve(file[0], room);
    float peak = 0.0f;
    for (float v : heard)
        peak = std::max(peak, std::abs(v));
    for (std::size_t i = 0; i + kDelay < inputs[0].size() && i < heard.size(); ++i)
        inputs[0][i + kDelay] = 0.5f * heard[i] / peak;
    for (std::size_t i = 0; i < file[0].size(); ++i)
        inputs[1][i + kDelay] = file[0][i];

    CaptureRun run;
    run.prepare(file, kRate, {.outputs = {-1, 0}, .inputs = {0, 1}});
    std::vector<std::vector<float>> outputs(2, std::vector<float>(total + 8192, 0.0f));

    // Some idle blocks with the test tone on, then the sweep.
    std::mt19937 rng(3);
    std::uniform_int_distribution<int> blockSize(1, 1024);
    std::vector<float> scratch(1024);
    std::vector<float> silence(1024, 0.0f);
    run.startTone(0.25f);
    for (int b = 0; b < 10; ++b)
    {
        const float* in[3] = {silence.data(), silence.data(), silence.data()};
        std::vector<float> o1(1024), o2(1024);
        float* out[2] = {o1.data(), o2.data()};
        run.process(in, 3, out, 2, 512);
        CHECK(o1[100] == 0.0f); // output 1 plays nothing
        if (b == 9)
        {
            float tonePeak = 0.0f;
            for (float v : o2)
                tonePeak = std::max(tonePeak, std::abs(v));
            CHECK(tonePeak == Approx(0.25f).epsilon(0.01));
        }
    }
    CHECK(run.state() == CaptureRun::State::tone);
    run.start();
    std::size_t at = 0;
    while (run.state() != CaptureRun::State::finished)
    {
        REQUIRE(at < total + 4096);
        const int n = blockSize(rng);
        const float* in[3] = {inputs[0].data() + at, inputs[1].data() + at, inputs[2].data() + at};
        float* out[2] = {outputs[0].data() + at, outputs[1].data() + at};
        run.process(in, 3, out, 2, n);
        at += static_cast<std::size_t>(n);
    }
    CHECK(run.progress() == 1.0);
    CHECK(run.takeInputPeak(0) == Approx(0.5f).epsilon(0.01));

    // It played the sweep file on output 2, sample for sample, and nothing on output 1.
    for (std::size_t i = 0; i < file[0].size(); ++i)
        REQUIRE(outputs[1][i] == file[0][i]);
    CHECK(*std::max_element(outputs[0].begin(), outputs[0].end()) == 0.0f);

    const auto recording = run.takeRecording();
    REQUIRE(recording.size() == 2);
    CHECK(run.state() == CaptureRun::State::idle);
    CaptureOptions options;
    options.loopbackChannel = 1;
    const auto result = deconvolveSweepRecording(recording, kRate, spec, options);
    CHECK(result.report.latencySamples == kDelay);
    // The room, as the sweep's band lets it through, once the normalisation is undone.
    const auto inverse = inverseFilter(spec);
    auto band = fftConvolve(exponentialSweep(spec), inverse.taps);
    band.erase(band.begin(), band.begin() + inverse.delay - 9600);
    band.resize(19200);
    auto reference = fftConvolve(room, band);
    reference.erase(reference.begin(), reference.begin() + 9600);
    int onset = 0;
    const float refPeak = std::abs(*std::max_element(
        reference.begin(), reference.end(), [](float a, float b) { return std::abs(a) < std::abs(b); }));
    while (std::abs(reference[static_cast<std::size_t>(onset)]) < 0.1f * refPeak)
        ++onset;
    const int start = onset - 48;
    const int length = std::min<int>(24000, static_cast<int>(result.ir[0].size()) * 9 / 10);
    double rx = 0.0, xx = 0.0;
    for (int i = 0; i < length; ++i)
    {
        rx += static_cast<double>(result.ir[0][static_cast<std::size_t>(i)]) *
              reference[static_cast<std::size_t>(start + i)];
        xx += static_cast<double>(reference[static_cast<std::size_t>(start + i)]) *
              reference[static_cast<std::size_t>(start + i)];
    }
    const double g = rx / xx;
    double error = 0.0;
    for (int i = 0; i < length; ++i)
    {
        const double d =
            result.ir[0][static_cast<std::size_t>(i)] - g * reference[static_cast<std::size_t>(start + i)];
        error += d * d;
    }
    const double mismatch = 10.0 * std::log10(error / (g * g * xx));
    WARN("the app's run, blocks of 1 to 1024: the room recovered within " << mismatch << " dB; latency "
                                                                          << result.report.latencySamples);
    CHECK(mismatch < -50.0);
}

TEST_CASE("A new take prepared while the audio thread runs never tears what it plays")
{
    CaptureRun run;
    SweepSpec spec;
    spec.sweepSeconds = 1.0;
    spec.silenceSeconds = 0.1;
    run.prepare(sweepSignal(spec), 48000.0, {.outputs = {0}, .inputs = {0}});
    std::atomic<bool> stop{false};
    std::thread audio;
    // Joined however the test ends: a failure must not leave the thread running.
    struct Join
    {
        std::atomic<bool>& stop;
        std::thread& thread;
        ~Join()
        {
            stop = true;
            if (thread.joinable())
                thread.join();
        }
    } join{stop, audio};
    audio = std::thread(
        [&]
        {
            std::vector<float> in(256, 0.1f), out(256);
            const float* ins[1] = {in.data()};
            float* outs[1] = {out.data()};
            while (!stop)
                run.process(ins, 1, outs, 1, 256);
        });
    for (int i = 0; i < 50; ++i)
    {
        // Also while the last take is playing: a new one replaces it.
        run.prepare(sweepSignal(spec), 48000.0, {.outputs = {0}, .inputs = {0}});
        run.start();
        std::this_thread::yield();
    }
    stop = true;
    audio.join();
    CHECK(run.takeInputPeak(0) <= 0.1f);
}
