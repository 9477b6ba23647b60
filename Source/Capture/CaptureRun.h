// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// The audio thread's side of a measurement in the app: plays a prepared sweep file
// to chosen outputs and records chosen inputs into a prepared buffer, block by
// block, or plays a test tone to set levels by; meters the inputs all the while.
// process() allocates nothing, takes no lock and never waits: everything it
// touches is made by prepare() on another thread while it is idle.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

namespace faltung
{

class CaptureRun
{
public:
    enum class State
    {
        idle,     // silence out, inputs metered
        tone,     // the test tone out
        running,  // the sweep out, the inputs recorded
        finished, // the recording is whole: takeRecording()
    };

    struct Routing
    {
        // For each device output, the sweep file's channel it plays (-1: none). A
        // mono sweep may feed several outputs; a true-stereo one feeds the left
        // speaker's output from channel 0 and the right's from channel 1.
        std::vector<int> outputs;
        // The device inputs recorded, in order: the microphones, then the loopback.
        std::vector<int> inputs;
    };

    // Not real-time: allocates the recording (the sweep file and `extraSeconds`
    // more, for the interface's latency), and hands the new take to the audio
    // thread, which stops whatever it was playing. From the message thread.
    void prepare(std::vector<std::vector<float>> sweepFile, double sampleRate, const Routing& routing,
                 double extraSeconds = 1.0);

    // From any thread other than the audio thread.
    void startTone(float level);
    void stopTone();
    void start(); // the sweep starts with the next block
    void cancel();

    // The audio thread: `in` holds the device's inputs, `out` receives all of its
    // outputs (silence where nothing plays).
    void process(const float* const* in, int numIn, float* const* out, int numOut, int numSamples) noexcept;

    State state() const noexcept { return state_.load(std::memory_order_acquire); }
    // How far the sweep has played, 0 to 1.
    double progress() const noexcept;
    // The loudest sample of each recorded input since the last call (resets it).
    float takeInputPeak(std::size_t input) noexcept;
    // The recording, once finished (the run goes back to idle).
    std::vector<std::vector<float>> takeRecording();

private:
    // What prepare() makes; the audio thread uses the one published, and prepare()
    // frees the one it replaces only once the audio thread is not inside it.
    struct Take
    {
        std::vector<std::vector<float>> sweep;
        std::vector<std::vector<float>> recording;
        Routing routing;
        double sampleRate = 48000.0;
        std::unique_ptr<std::atomic<float>[]> peaks;
    };
    void play(Take& take, const float* const* in, int numIn, float* const* out, int numOut,
              int numSamples) noexcept;

    std::unique_ptr<Take> owned_;
    std::atomic<Take*> current_{nullptr};
    std::atomic<Take*> inUse_{nullptr};
    std::atomic<State> state_{State::idle};
    std::atomic<bool> startRequested_{false};
    std::atomic<float> toneLevel_{0.0f};
    std::atomic<std::int64_t> position_{0};
    double tonePhase_ = 0.0;
};

} // namespace faltung
