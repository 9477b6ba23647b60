// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

// What faltung-benchmark needs from a convolution engine, and the list of engines
// it knows. Each engine adapter is one file that registers an EngineKind from a
// static initialiser (see Engines/), so adding an engine touches nothing else.
// The JUCE adapters live in shared libraries with hidden symbols; this header is
// the only thing they share with the program.

#include <memory>
#include <string>
#include <vector>

namespace faltung::bench
{

enum class Layout
{
    mono,       // 1 in, 1 out, mono IR
    stereo,     // 2 in, 2 out, IR channels L and R
    trueStereo, // 2 in, 2 out, IR channels LL, LR, RL, RR (LR: left input heard at the right output)
};

enum class LatencyKind
{
    zero,  // no latency
    block, // about one block of latency (Faltung's efficient mode, juce Latency{B})
};

// One row's setup, as every engine sees it.
struct BenchCase
{
    double sampleRate = 48000.0;
    int blockSize = 128; // B: samples per audio callback, and the partition size where one is chosen
    LatencyKind latency = LatencyKind::zero;
    Layout layout = Layout::stereo;
    int irLength = 0; // taps
    // Run as a live host runs it: in real time, from an audio thread that never
    // waits for the engine's worker threads, so that a late worker costs part of
    // the output instead of the callback's deadline (faltung-benchmark --instances).
    // Engines without worker threads ignore it.
    bool live = false;

    int numInputs() const { return layout == Layout::mono ? 1 : 2; }
    int numOutputs() const { return layout == Layout::mono ? 1 : 2; }
    int numIrChannels() const { return layout == Layout::mono ? 1 : layout == Layout::stereo ? 2 : 4; }
};

// Which input reaches which output through which IR channel.
struct Path
{
    int input;
    int output;
    int irChannel;
};

inline std::vector<Path> pathsOf(Layout layout)
{
    switch (layout)
    {
        case Layout::mono:
            return {{0, 0, 0}};
        case Layout::stereo:
            return {{0, 0, 0}, {1, 1, 1}};
        case Layout::trueStereo:
            return {{0, 0, 0}, {0, 1, 1}, {1, 0, 2}, {1, 1, 3}};
    }
    return {};
}

class BenchmarkEngine
{
public:
    virtual ~BenchmarkEngine() = default;

    // Builds the engine for ir (numIrChannels() channels of irLength taps), so that
    // the next process() convolves with it. The program times this call: from the
    // samples in memory to ready to process. Throws std::exception on failure.
    virtual void prepare(const BenchCase& benchCase, const std::vector<std::vector<float>>& ir) = 0;

    // Not timed: waits for background work that prepare() left behind (a loader
    // thread freeing the previous IR) before the program measures the heap.
    virtual void settle() {}

    // One audio callback of blockSize samples; inputs and outputs never alias.
    virtual void process(const float* const* inputs, float* const* outputs) noexcept = 0;

    // Forgets the input history (may block; never timed).
    virtual void reset() = 0;

    // Called after the last block of a timed run, inside its CPU measurement: waits
    // for worker threads to finish the work the processed blocks started, so that
    // it is charged to this engine and not to the one measured next. It may leave
    // the history forgotten, and need not be real-time safe.
    virtual void finishBackgroundWork() {}

    // Called (not timed) before the next process() after finishBackgroundWork().
    virtual void resumeBackgroundWork() {}

    // As the engine reports it; the program checks it with an impulse.
    virtual int latencySamples() const = 0;

    // Real-time: how many times since prepare() the engine itself has missed a
    // deadline (live only, where it does not wait for its workers): blocks a
    // worker had not finished in time, as the engine counts them.
    virtual long deadlineMisses() const noexcept { return 0; }

    // What a reader of the results should know about this instance, or "".
    virtual std::string notes() const { return {}; }
};

struct EngineKind
{
    std::string name;        // selected with --engines by full name or by the part before '-'
    std::string description; // for --list-engines and the JSON
    bool (*supports)(const BenchCase&) = nullptr;
    std::unique_ptr<BenchmarkEngine> (*create)() = nullptr;
    bool optIn = false; // run only when --engines names it in full
};

// Called by the adapters from static initialisers; returns true so that it can
// initialise a namespace-scope constant.
bool registerEngineKind(EngineKind kind);

// Every registered kind, sorted by name.
std::vector<EngineKind> engineKinds();

} // namespace faltung::bench
