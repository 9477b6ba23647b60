// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include "Convolver.h"
#include "IrAnalysis.h"
#include "IrEdits.h"
#include "IrSource.h"
#include "ReverbProcessor.h"

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace faltung
{

// What an engine is built for, besides the IR: the session and the engine options.
struct EngineConfig
{
    double sampleRate = 48000.0;
    int maxBlockSize = 512;
    int numInputs = 2;
    int numOutputs = 2;
    int partitionSize = 256;
    LatencyMode latencyMode = LatencyMode::zero;

    bool operator==(const EngineConfig&) const = default;
};

// Everything an engine is built from.
struct EngineRequest
{
    IrSource source;
    IrEdits edits;
    EngineConfig config;

    bool operator==(const EngineRequest&) const = default;
};

// Facts about the IR that is playing, for the editor and the host.
struct LoadedIrInfo
{
    IrSource requested; // as asked for
    IrSource source;    // as found: with its path now, size, hash and relative path
    std::string note;   // how a moved or missing file was found (relinked, or the embedded copy)
    std::string name;
    std::string format; // such as "WAV, 24-bit PCM"
    int numChannels = 0;
    double fileSampleRate = 0.0;
    double fileSeconds = 0.0;                       // before the edits
    std::shared_ptr<const ImpulseResponse> decoded; // as in the file: what a session embeds
    std::shared_ptr<const ImpulseResponse> edited;  // at the file's rate, for drawing
    IrAnalysis decodedAnalysis;                     // of the IR as in the file
    IrAnalysis analysis;                            // of the edited IR
};

// Builds convolution engines on a background thread and hands them to a
// ReverbProcessor: decode the IR (the last decoded file is cached, so changing
// only the edits or the engine options does not read the file again), apply the
// edits, resample to the session rate, prepare the engine, publish it.
//
// The loader works towards a wanted request, not through a queue: any number of
// requests made while it is busy collapse into one build of the newest, and a
// request that changes during a build triggers another. Edits are debounced
// (kEditSettleTime) so that dragging a control rebuilds once it rests. A source
// that fails to load is reported and leaves the playing IR alone; the IR that
// plays keeps following new edits and engine options.
//
// Before the host has prepared the plugin (a Standalone app with no audio device,
// a host that has not started playing), the loader still decodes, edits and
// analyses the wanted IR, so that the editor can show it.
//
// The loader thread also frees the engines the audio thread retires.
class IrLoader
{
public:
    static constexpr auto kEditSettleTime = std::chrono::milliseconds(120);

    explicit IrLoader(ReverbProcessor& reverb);
    ~IrLoader();

    IrLoader(const IrLoader&) = delete;
    IrLoader& operator=(const IrLoader&) = delete;

    // What plays when a requested source fails to load: the IR that played before
    // (a user loading a bad file), or silence (a session whose IR is missing must
    // not quietly play another room).
    enum class OnFailure
    {
        keepPlaying,
        silence,
    };

    // All return at once; the work happens on the loader thread. Asking again for
    // the source that failed tries it again.
    void requestSource(const IrSource& source, OnFailure onFailure = OnFailure::keepPlaying);
    void requestEdits(const IrEdits& edits);
    void requestConfig(const EngineConfig& config);

    // For prepareToPlay (audio stopped): prepares the processor for the config and
    // installs an engine built on the calling thread from the wanted source and
    // edits, so that playback starts with the reverb in place. Returns false, with
    // the processor left without an engine, when the IR fails to load.
    bool prepareNow(const EngineConfig& config);

    // True while a build is wanted or running.
    bool isBusy() const;
    // Waits until not busy or the timeout passes; true when idle.
    bool waitUntilIdle(int timeoutMs) const;

    IrSource requestedSource() const; // what the user asked for, loaded or not
    LoadedIrInfo loadedIr() const;    // the IR of the newest engine handed over
    std::string lastError() const;    // why the wanted source failed; empty if it did not

    // Called on the loader thread after each build finished or failed.
    void setChangeCallback(std::function<void()> callback);

    // For fault tests: runs before each build (on the thread that builds), so a test
    // can make loading slow, or fail by throwing std::exception.
    void setBeforeBuildForTesting(std::function<void()> hook);

private:
    using Clock = std::chrono::steady_clock;

    void run();
    std::optional<EngineRequest> nextBuild() const;
    bool needsPreview() const;
    LoadedIrInfo inspect(const IrSource& source, const IrEdits& edits);
    std::unique_ptr<ReverbEngine> build(const EngineRequest& request, LoadedIrInfo& info);
    // A decoded source and its analysis, computed once per source.
    struct Decoded
    {
        std::shared_ptr<const ImpulseResponse> ir;
        IrSource found; // where it was found (see LoadedSource)
        std::string note;
        IrAnalysis analysis;
    };
    std::shared_ptr<const Decoded> decode(const IrSource& source);
    std::unique_ptr<ReverbEngine> buildSilence(const EngineConfig& config, std::uint64_t id) const;

    ReverbProcessor& reverb_;

    mutable std::mutex mutex_; // guards everything below but the thread
    mutable std::condition_variable changed_;
    IrSource wantedSource_ = IrSource::factory("concert-hall");
    OnFailure onFailure_ = OnFailure::keepPlaying;
    IrEdits wantedEdits_;
    std::optional<EngineConfig> wantedConfig_;
    Clock::time_point editsChangedAt_{};
    std::optional<EngineRequest> built_;
    std::optional<std::pair<IrSource, IrEdits>> previewed_; // shown without an engine
    std::optional<IrSource> failedSource_;                  // the wanted source could not be loaded
    std::optional<EngineRequest> failedRequest_;            // never retried as it is
    bool building_ = false;
    bool quit_ = false;
    LoadedIrInfo loaded_;
    std::string error_;
    std::function<void()> onChange_;
    std::function<void()> beforeBuild_;
    std::uint64_t nextEngineId_ = 1;

    std::mutex decodeMutex_; // the cache is used by the loader thread and prepareNow()
    std::optional<IrSource> decodedSource_;
    std::shared_ptr<const Decoded> decoded_;

    std::mutex engineMutex_; // the processor's exchange has one consumer at a time

    std::thread thread_;
};

} // namespace faltung
