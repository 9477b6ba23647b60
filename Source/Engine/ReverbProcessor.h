// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include "AlignedBuffer.h"
#include "Convolver.h"
#include "CrossfadingDelay.h"
#include "Ducker.h"
#include "EngineExchange.h"
#include "InputHistory.h"
#include "LinearSmoother.h"
#include "StateVariableFilter.h"
#include "StreamLayout.h"
#include "WetEq.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace faltung
{

// The controls of the reverb around the convolution, in plain units. The plugin
// maps its parameters onto these and faltung-render its options, so both run the
// same signal chain and agree sample for sample.
struct ReverbSettings
{
    float mix = 1.0f;          // wet share 0..1, equal-power law (MixLaw.h)
    float dryLevelDb = 0.0f;   // gain of the dry signal; at or below kSilentLevelDb, silence
    float wetLevelDb = 0.0f;   // gain of the wet signal; at or below kSilentLevelDb, silence
    float predelayMs = 0.0f;   // 0 to kMaxPredelayMs, delays the wet signal
    float lowCutHz = 0.0f;     // high-pass on the wet signal; 0 = off
    float highCutHz = 0.0f;    // low-pass on the wet signal; 0 = off
    float width = 1.0f;        // stereo width of the wet signal, 0 (mono) .. 2
    float outputGainDb = 0.0f; // after the mix
    bool bypass = false;       // output the dry input, still delayed by the latency

    // The wet EQ, after the cut filters (WetEq); every gain at 0 dB is neutral.
    float eqLowFrequencyHz = WetEqSettings{}.lowFrequencyHz;
    float eqLowGainDb = WetEqSettings{}.lowGainDb;
    float eqBellFrequencyHz = WetEqSettings{}.bellFrequencyHz;
    float eqBellGainDb = WetEqSettings{}.bellGainDb;
    float eqBellQ = WetEqSettings{}.bellQ;
    float eqHighFrequencyHz = WetEqSettings{}.highFrequencyHz;
    float eqHighGainDb = WetEqSettings{}.highGainDb;

    // Ducking of the wet signal by the dry input (Ducker); an amount of 0 dB is off.
    float duckAmountDb = DuckerSettings{}.amountDb;
    float duckThresholdDb = DuckerSettings{}.thresholdDb;
    float duckReleaseMs = DuckerSettings{}.releaseMs;
};

// A convolution engine ready to play, with what the processor and the host need to
// know about it. Built off the audio thread and handed over whole.
struct ReverbEngine
{
    Convolver convolver;
    double sampleRate = 0.0;  // the rate the IR was prepared for
    std::uint64_t id = 0;     // chosen by whoever builds it, to tell engines apart
    double tailSeconds = 0.0; // how long the output rings after the input stops
    // Set by ReverbProcessor::publish(): the engine has heard the input up to frame
    // `through` of the processor's InputHistory (the audio thread feeds it the rest),
    // as it was after the reset() that marked `silentBefore`.
    struct Priming
    {
        std::uint64_t through = 0;
        std::uint64_t silentBefore = 0;
    };
    std::optional<Priming> primed;
};

// Builds the engine for an IR at the stream's sample rate (the one place that turns
// settings into an engine: the plugin's loader and the renderer both call it). Not
// real-time: it plans FFTs and computes the kernel's spectra. The id is the
// caller's to set. Later stages run on `executor` (StageExecutor::shared() when
// none is given). Throws std::invalid_argument for a bad IR, spec or layout.
std::unique_ptr<ReverbEngine> makeReverbEngine(const std::vector<std::vector<float>>& ir,
                                               const StreamLayout& layout, const EngineSpec& spec,
                                               std::shared_ptr<StageExecutor> executor = nullptr);

// The whole real-time signal chain:
//
//   wet:  input ─ convolution (crossfading between engines) ─ predelay ─ low cut ─ high cut
//               ─ EQ ─ width ─ ducking (its level read from the input as it arrives)
//   dry:  input ─ delay by the engine latency
//   out:  mix of dry and wet ─ output gain ─ bypass
//
// New engines arrive through publish() and replace the playing one with a 50 ms
// equal-gain crossfade; the replaced engine goes back through a retire ring to be
// freed off the audio thread, by collectRetired(). publish() first primes the new
// engine with the input the playing one has heard (up to kPrimeSeconds of it), so
// that a swap changes the kernel without restarting the reverb: an edit of the IR
// automated while audio plays neither loses the tail nor replays the onset. Every
// control is smoothed, so settings may change on every block without clicks.
//
// prepare() and installEngine() are not real-time and must not run during
// process(); process(), setSettings() and reset() are real-time safe.
class ReverbProcessor
{
public:
    static constexpr double kEngineCrossfadeSeconds = 0.05;
    static constexpr double kMaxPredelayMs = 500.0;
    static constexpr float kSilentLevelDb = -60.0f; // dry, wet and output levels at or below it are silence
    static constexpr double kPrimeSeconds = 5.0;    // the input history a new engine is primed with

    ReverbProcessor();
    ~ReverbProcessor();

    // Allocates everything for the layout (checked: a positive rate and block size,
    // 1 or 2 inputs and outputs; std::invalid_argument otherwise). Keeps no engine:
    // install one after.
    void prepare(const StreamLayout& layout);
    const StreamLayout& layout() const noexcept { return layout_; }

    // Makes an engine current at once, with no crossfade (before playback starts).
    // The engine must have been made for this layout.
    void installEngine(std::unique_ptr<ReverbEngine> engine);

    // The hand-over from a loading thread, while audio runs: primes the engine with
    // the recent input (waiting, up to a moment, for a crossfade under way to end,
    // so that the audio thread takes it at once), then the audio thread picks up the
    // newest engine published (an older one not yet picked up is freed here), feeds
    // it the input since it was primed, and crossfades to it. An engine made for
    // another layout is never played. One publishing thread at a time.
    void publish(std::unique_ptr<ReverbEngine> engine);
    // Frees the engines the audio thread has replaced. Any one non-audio thread, now
    // and then. Returns how many.
    int collectRetired() { return exchange_.collectRetired(); }
    // Any thread: an engine published and not yet picked up, in a crossfade, or
    // retired and not yet collected. While it is true, collectRetired() has work to
    // come.
    bool handOverInProgress() const noexcept
    {
        return exchange_.hasPending() || crossfading_.load(std::memory_order_acquire) ||
               exchange_.hasRetired();
    }

    // NaN or infinite values are taken as the default, others clamped to their range.
    void setSettings(const ReverbSettings& settings) noexcept;
    void setSettingsImmediately(const ReverbSettings& settings) noexcept;

    // numInputs input and numOutputs output channels; any numSamples; in and out
    // may be the same buffers. Input samples that are NaN (taken as 0), infinite or
    // beyond +60 dBFS (clipped there) are counted in inputFaults(); subnormal input
    // is taken as 0. The dry path hears the same cleaned input, so the output is
    // always finite.
    void process(const float* const* in, float* const* out, int numSamples) noexcept;

    // Real-time. Offline (a host rendering faster than real time), the audio thread
    // waits for the later stages of multi-stage engines, so that a bounce is exact;
    // live, a stage block not ready in time is left out and the audio thread never
    // waits (see ScheduledStage). Applies to every engine from then on; until it is
    // first called, engines keep the scheduling they were built with.
    void setOffline(bool offline) noexcept;

    // Clears all audio history (engines, delays, filters); keeps the engines.
    void reset() noexcept;

    // Latency of the engine now playing (the incoming one from the moment a
    // crossfade starts), for the host. Readable from any thread.
    int latencySamples() const noexcept { return latency_.load(std::memory_order_relaxed); }
    std::uint64_t playingEngineId() const noexcept { return playingId_.load(std::memory_order_relaxed); }
    double tailSeconds() const noexcept { return tailSeconds_.load(std::memory_order_relaxed); }
    bool hasEngine() const noexcept { return current_ != nullptr; }
    // Input samples cleaned up since prepare(); readable from any thread.
    std::uint64_t inputFaults() const noexcept { return inputFaults_.load(std::memory_order_relaxed); }

private:
    void processChunk(const float* const* in, float* const* out, int n) noexcept;
    void takeNewEngine() noexcept;
    void prime(ReverbEngine& engine);
    void catchUp(ReverbEngine& engine) noexcept;
    void applyOffline(ReverbEngine& engine) const noexcept; // as setOffline() last said, if it did
    void runEngines(int n) noexcept;
    void applyFilters(int n) noexcept;
    void applyWidth(int n) noexcept;
    bool fits(const ReverbEngine& engine) const noexcept;

    StreamLayout layout_;
    EngineExchange<ReverbEngine> exchange_;
    std::unique_ptr<ReverbEngine> current_;
    std::unique_ptr<ReverbEngine> incoming_;
    std::optional<bool> offline_;
    int fadeLength_ = 1;
    int fadePos_ = 0;
    std::atomic<int> latency_{0};
    std::atomic<std::uint64_t> playingId_{0};
    std::atomic<double> tailSeconds_{0.0};
    std::atomic<std::uint64_t> inputFaults_{0};
    std::atomic<bool> crossfading_{false}; // incoming_ is set

    InputHistory history_;                 // what the engines heard, to prime new ones
    std::vector<AlignedBuffer> catchUpIn_; // per input: history fed to a new engine on the audio thread
    std::vector<float*> catchUpInPtrs_;
    std::vector<AlignedBuffer> dry_; // per input: this chunk's input, then delayed
    std::vector<AlignedBuffer> wet_; // per output
    std::vector<AlignedBuffer> incomingWet_;
    std::vector<float*> dryPtrs_, wetPtrs_, incomingWetPtrs_;

    CrossfadingDelay dryDelay_;
    CrossfadingDelay predelay_;
    StateVariableFilter lowCut_{StateVariableFilter::Type::highPass};
    StateVariableFilter highCut_{StateVariableFilter::Type::lowPass};
    LinearSmoother lowCutOctaves_, highCutOctaves_; // log2 of the cutoff
    LinearSmoother lowCutOn_, highCutOn_;           // 0..1 crossfade between unfiltered and filtered
    WetEq eq_;
    Ducker ducker_;
    LinearSmoother width_, dryGain_, wetGain_, bypass_;
};

} // namespace faltung
