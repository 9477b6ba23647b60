// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include "Convolver.h"
#include "IrSource.h"
#include "ReverbProcessor.h"

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

// Facts about the IR that is playing, for the editor and the host.
struct LoadedIrInfo
{
    IrSource source;
    std::string name;
    int numChannels = 0;
    double fileSampleRate = 0.0;
    double seconds = 0.0;
};

// Builds convolution engines on a background thread and hands them to a
// ReverbProcessor: decode the IR (the last decoded one is cached, so changing
// only the engine options does not read the file again), resample it to the
// session rate, normalise it, prepare the engine, publish it.
//
// The loader works towards a wanted state (an IR source and an engine config),
// not through a queue: any number of requests made while it is busy collapse
// into one build of the newest, and a config that changes during a build
// triggers another. A source that fails to load is reported once and leaves the
// playing engine alone.
//
// The loader thread also frees the engines the audio thread retires.
class IrLoader
{
public:
    explicit IrLoader(ReverbProcessor& reverb);
    ~IrLoader();

    IrLoader(const IrLoader&) = delete;
    IrLoader& operator=(const IrLoader&) = delete;

    // Both return at once; the work happens on the loader thread.
    void requestSource(const IrSource& source);
    void requestConfig(const EngineConfig& config);

    // For prepareToPlay (audio stopped): sets the config, prepares the processor
    // for it and installs an engine built on the calling thread, so that playback
    // starts with the reverb in place. Returns false, with the processor left
    // without an engine, when the IR fails to load (lastError() says why).
    bool prepareNow(const EngineConfig& config);

    // True while a build is wanted or running.
    bool isBusy() const;
    // Waits until not busy or the timeout passes; true when idle.
    bool waitUntilIdle(int timeoutMs) const;

    // The wanted source (what the user asked for, loaded or not).
    IrSource requestedSource() const;
    // The IR of the newest engine handed over (empty name when none yet).
    LoadedIrInfo loadedIr() const;
    // Why the newest request failed; empty after a success.
    std::string lastError() const;

    // Called on the loader thread after each build finished or failed.
    void setChangeCallback(std::function<void()> callback);

private:
    void run();
    std::optional<IrSource> nextBuild() const;
    std::unique_ptr<ReverbEngine> build(const IrSource& source, const EngineConfig& config,
                                        LoadedIrInfo& info);
    std::shared_ptr<const ImpulseResponse> decode(const IrSource& source);

    ReverbProcessor& reverb_;

    mutable std::mutex mutex_; // guards everything below but the thread
    mutable std::condition_variable changed_;
    IrSource wantedSource_ = IrSource::factory("concert-hall");
    std::optional<EngineConfig> wantedConfig_;
    std::optional<IrSource> builtSource_;
    std::optional<EngineConfig> builtConfig_;
    std::optional<IrSource> failedSource_;
    std::optional<EngineConfig> failedConfig_;
    bool building_ = false;
    bool quit_ = false;
    LoadedIrInfo loaded_;
    std::string error_;
    std::function<void()> onChange_;
    std::uint64_t nextEngineId_ = 1;

    std::mutex decodeMutex_; // the cache is used by the loader thread and prepareNow()
    std::optional<IrSource> decodedSource_;
    std::shared_ptr<const ImpulseResponse> decoded_;

    std::mutex engineMutex_; // the processor's exchange has one consumer at a time

    std::thread thread_;
};

} // namespace faltung
