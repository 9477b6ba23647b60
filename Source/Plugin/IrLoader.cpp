// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "IrLoader.h"

#include <chrono>

namespace faltung
{

namespace
{
constexpr auto kCollectInterval = std::chrono::milliseconds(50);

ReverbProcessor::Layout layoutFor(const EngineConfig& c)
{
    return {c.sampleRate, c.maxBlockSize, c.numInputs, c.numOutputs};
}
} // namespace

IrLoader::IrLoader(ReverbProcessor& reverb)
    : reverb_(reverb)
{
    thread_ = std::thread([this] { run(); });
}

IrLoader::~IrLoader()
{
    {
        std::lock_guard lock(mutex_);
        quit_ = true;
    }
    changed_.notify_all();
    thread_.join();
}

void IrLoader::requestSource(const IrSource& source)
{
    {
        std::lock_guard lock(mutex_);
        wantedSource_ = source;
    }
    changed_.notify_all();
}

void IrLoader::requestConfig(const EngineConfig& config)
{
    {
        std::lock_guard lock(mutex_);
        wantedConfig_ = config;
    }
    changed_.notify_all();
}

void IrLoader::setChangeCallback(std::function<void()> callback)
{
    std::lock_guard lock(mutex_);
    onChange_ = std::move(callback);
}

IrSource IrLoader::requestedSource() const
{
    std::lock_guard lock(mutex_);
    return wantedSource_;
}

LoadedIrInfo IrLoader::loadedIr() const
{
    std::lock_guard lock(mutex_);
    return loaded_;
}

std::string IrLoader::lastError() const
{
    std::lock_guard lock(mutex_);
    return error_;
}

// With mutex_ held: the source to build next, if any. A wanted source that failed
// is not retried with the same config; meanwhile the IR that plays is rebuilt for a
// new config.
std::optional<IrSource> IrLoader::nextBuild() const
{
    if (!wantedConfig_ || quit_)
        return std::nullopt;
    const bool wantedFailed = failedSource_ == wantedSource_ && failedConfig_ == wantedConfig_;
    if (wantedFailed && !builtSource_)
        return std::nullopt;
    const IrSource target = wantedFailed ? *builtSource_ : wantedSource_;
    if (builtSource_ == target && builtConfig_ == wantedConfig_)
        return std::nullopt;
    return target;
}

bool IrLoader::isBusy() const
{
    std::lock_guard lock(mutex_);
    return building_ || nextBuild().has_value();
}

bool IrLoader::waitUntilIdle(int timeoutMs) const
{
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, std::chrono::milliseconds(timeoutMs),
                             [this] { return !building_ && !nextBuild().has_value(); });
}

std::shared_ptr<const ImpulseResponse> IrLoader::decode(const IrSource& source)
{
    std::lock_guard lock(decodeMutex_);
    if (decodedSource_ != source)
    {
        decoded_ = std::make_shared<const ImpulseResponse>(source.load());
        decodedSource_ = source;
    }
    return decoded_;
}

std::unique_ptr<ReverbEngine> IrLoader::build(const IrSource& source, const EngineConfig& config,
                                              LoadedIrInfo& info)
{
    const auto ir = decode(source);
    auto atRate = resampledTo(*ir, config.sampleRate);
    applyGain(atRate, energyNormalisationGain(atRate));

    EngineSpec spec;
    spec.partitionSize = config.partitionSize;
    spec.latencyMode = config.latencyMode;
    spec.maxBlockSize = config.maxBlockSize;
    auto engine = std::make_unique<ReverbEngine>();
    engine->convolver.prepare(spec, atRate.channels, config.numInputs, config.numOutputs);
    engine->sampleRate = config.sampleRate;
    engine->tailSeconds = atRate.seconds();
    {
        std::lock_guard lock(mutex_);
        engine->id = nextEngineId_++;
    }

    info.source = source;
    info.name = source.displayName();
    info.numChannels = ir->numChannels();
    info.fileSampleRate = ir->sampleRate;
    info.seconds = ir->seconds();
    return engine;
}

bool IrLoader::prepareNow(const EngineConfig& config)
{
    IrSource target;
    {
        std::lock_guard lock(mutex_);
        wantedConfig_ = config;
        target = wantedSource_;
    }

    std::lock_guard engineLock(engineMutex_);
    reverb_.prepare(layoutFor(config));
    LoadedIrInfo info;
    std::unique_ptr<ReverbEngine> engine;
    std::string error;
    try
    {
        engine = build(target, config, info);
    }
    catch (const std::exception& e)
    {
        error = e.what();
    }

    bool ok = engine != nullptr;
    {
        std::lock_guard lock(mutex_);
        if (ok)
        {
            builtSource_ = target;
            builtConfig_ = config;
            loaded_ = info;
            error_.clear();
        }
        else
        {
            failedSource_ = target;
            failedConfig_ = config;
            error_ = error;
            builtSource_.reset();
            builtConfig_.reset();
            loaded_ = {};
        }
    }
    reverb_.installEngine(std::move(engine));
    changed_.notify_all();
    return ok;
}

void IrLoader::run()
{
    std::unique_lock lock(mutex_);
    while (!quit_)
    {
        changed_.wait_for(lock, kCollectInterval, [this] { return quit_ || nextBuild().has_value(); });

        lock.unlock();
        {
            std::lock_guard engineLock(engineMutex_);
            reverb_.exchange().collectRetired();
        }
        lock.lock();

        const auto target = nextBuild();
        if (!target)
            continue;
        const EngineConfig config = *wantedConfig_;
        building_ = true;
        lock.unlock();

        LoadedIrInfo info;
        std::unique_ptr<ReverbEngine> engine;
        std::string error;
        try
        {
            engine = build(*target, config, info);
        }
        catch (const std::exception& e)
        {
            error = e.what();
        }

        std::function<void()> callback;
        {
            std::lock_guard engineLock(engineMutex_);
            lock.lock();
            if (engine != nullptr && wantedConfig_ == config)
            {
                reverb_.exchange().publish(std::move(engine));
                builtSource_ = *target;
                builtConfig_ = config;
                loaded_ = info;
                if (*target == wantedSource_)
                    error_.clear();
            }
            else if (engine == nullptr)
            {
                failedSource_ = *target;
                failedConfig_ = config;
                error_ = error;
            }
            // else: the config changed during the build; the loop builds again.
            building_ = false;
            callback = onChange_;
        }
        changed_.notify_all();
        lock.unlock();
        if (callback)
            callback();
        lock.lock();
    }
}

} // namespace faltung
