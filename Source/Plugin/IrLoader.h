// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include "FactoryCatalog.h"
#include "IrPipeline.h"
#include "LoaderPool.h"
#include "ReverbProcessor.h"

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace faltung
{

// Everything an engine is built from.
struct EngineRequest
{
    IrSource source;
    IrEdits edits;
    StreamLayout layout;
    EngineSpec spec;

    bool operator==(const EngineRequest&) const = default;
};

// Why the wanted IR could not be loaded, for the editor to show.
struct IrLoadError
{
    std::string message;      // empty: no error
    bool fileMissing = false; // a session's file found nowhere: the editor offers to relink it
};

// Builds convolution engines in the background, as a task on the LoaderPool that
// every instance in the process shares, and hands them to a ReverbProcessor: the IR through the IR pipeline
// (IrPipeline.h: a change of the edits does not read the file again, and a change of the engine options alone
// reuses the edited IR at the session's rate), then makeReverbEngine, then publish.
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
// The loader also frees the engines the audio thread retires (polling for them
// only while a hand-over is under way: an idle loader costs nothing).
class IrLoader
{
public:
    static constexpr auto kEditSettleTime = std::chrono::milliseconds(120);

    // Works on `pool`, or on LoaderPool::shared() when none is given.
    explicit IrLoader(ReverbProcessor& reverb, std::shared_ptr<LoaderPool> pool = nullptr);
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

    // All return at once; the work happens on the loader's pool. Asking again for
    // the source that failed tries it again.
    void requestSource(const IrSource& source, OnFailure onFailure = OnFailure::keepPlaying);
    void requestEdits(const IrEdits& edits);
    void requestEngine(const StreamLayout& layout, const EngineSpec& spec);

    // For prepareToPlay (audio stopped): prepares the processor for the layout and
    // installs an engine built on the calling thread from the wanted source and
    // edits, so that playback starts with the reverb in place. Returns false, with
    // the processor left without an engine, when the IR fails to load.
    bool prepareNow(const StreamLayout& layout, const EngineSpec& spec);

    // True while a build is wanted or running.
    bool isBusy() const;
    // Waits until not busy or the timeout passes; true when idle.
    bool waitUntilIdle(int timeoutMs) const;

    IrSource requestedSource() const; // what the user asked for, loaded or not
    PreparedIr loadedIr() const;      // the IR of the newest engine handed over
    IrLoadError lastError() const;    // why the wanted source failed; empty if it did not

    // Called on the loader's pool after each build finished or failed.
    void setChangeCallback(std::function<void()> callback);

    // For fault tests: runs before each build (on the thread that builds), so a test
    // can make loading slow, or fail by throwing std::exception.
    void setBeforeBuildForTesting(std::function<void()> hook);

private:
    using Clock = std::chrono::steady_clock;

    // One turn of the loader's work on the pool; returns when it wants to run next.
    LoaderPool::Clock::time_point step();
    void preview(std::unique_lock<std::mutex>& lock);
    void buildWanted(const EngineRequest& target, std::unique_lock<std::mutex>& lock);
    std::optional<EngineRequest> nextBuild() const;
    bool needsPreview() const;
    std::unique_ptr<ReverbEngine> build(const EngineRequest& request, PreparedIr& prepared);
    std::unique_ptr<ReverbEngine> buildSilence(const StreamLayout& layout, const EngineSpec& spec,
                                               std::uint64_t id) const;
    void beforeBuild();

    ReverbProcessor& reverb_;
    IrPipeline pipeline_;

    mutable std::mutex mutex_; // guards everything below but the task
    mutable std::condition_variable changed_;
    IrSource wantedSource_ = IrSource::factory(factory::kDefaultFactoryIrId);
    OnFailure onFailure_ = OnFailure::keepPlaying;
    IrEdits wantedEdits_;
    std::optional<std::pair<StreamLayout, EngineSpec>> wantedEngine_;
    Clock::time_point editsChangedAt_{};
    std::optional<EngineRequest> built_;
    std::optional<std::pair<IrSource, IrEdits>> previewed_; // shown without an engine
    std::optional<IrSource> failedSource_;                  // the wanted source could not be loaded
    std::optional<EngineRequest> failedRequest_;            // never retried as it is
    bool building_ = false;
    bool quit_ = false;
    PreparedIr loaded_;
    IrLoadError error_;
    std::function<void()> onChange_;
    std::function<void()> beforeBuild_;
    std::uint64_t nextEngineId_ = 1;

    std::mutex engineMutex_; // the processor's hand-over has one consumer at a time

    std::unique_ptr<LoaderPool::Task> task_; // last: it runs step(), which uses everything above
};

} // namespace faltung
