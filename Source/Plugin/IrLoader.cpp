// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "IrLoader.h"

#include "UserFolders.h"

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
    useFftWisdomFile(fftWisdomFile());
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

void IrLoader::requestSource(const IrSource& source, OnFailure onFailure)
{
    {
        std::lock_guard lock(mutex_);
        wantedSource_ = source;
        onFailure_ = onFailure;
        failedSource_.reset();
        failedRequest_.reset();
    }
    changed_.notify_all();
}

void IrLoader::requestEdits(const IrEdits& edits)
{
    {
        std::lock_guard lock(mutex_);
        if (edits == wantedEdits_)
            return;
        wantedEdits_ = edits;
        editsChangedAt_ = Clock::now();
    }
    changed_.notify_all();
}

void IrLoader::requestConfig(const EngineConfig& config)
{
    {
        std::lock_guard lock(mutex_);
        if (wantedConfig_ == config)
            return;
        wantedConfig_ = config;
    }
    changed_.notify_all();
}

void IrLoader::setChangeCallback(std::function<void()> callback)
{
    std::lock_guard lock(mutex_);
    onChange_ = std::move(callback);
}

void IrLoader::setBeforeBuildForTesting(std::function<void()> hook)
{
    std::lock_guard lock(mutex_);
    beforeBuild_ = std::move(hook);
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

// With mutex_ held: what to build next, if anything. While the wanted source is
// one that failed, the IR already playing follows new edits and options instead.
std::optional<EngineRequest> IrLoader::nextBuild() const
{
    if (!wantedConfig_ || quit_)
        return std::nullopt;
    EngineRequest target{wantedSource_, wantedEdits_, *wantedConfig_};
    if (failedSource_ == wantedSource_)
    {
        if (!built_)
            return std::nullopt;
        target.source = built_->source;
    }
    if (built_ == target || failedRequest_ == target)
        return std::nullopt;
    return target;
}

// With mutex_ held: before any engine config, the wanted IR is inspected for display.
bool IrLoader::needsPreview() const
{
    return !wantedConfig_ && !quit_ && failedSource_ != wantedSource_ &&
           previewed_ != std::make_pair(wantedSource_, wantedEdits_);
}

bool IrLoader::isBusy() const
{
    std::lock_guard lock(mutex_);
    return building_ || nextBuild().has_value() || needsPreview();
}

bool IrLoader::waitUntilIdle(int timeoutMs) const
{
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, std::chrono::milliseconds(timeoutMs),
                             [this] { return !building_ && !nextBuild().has_value() && !needsPreview(); });
}

std::shared_ptr<const IrLoader::Decoded> IrLoader::decode(const IrSource& source)
{
    std::lock_guard lock(decodeMutex_);
    if (decodedSource_ != source)
    {
        auto loaded = loadIrSource(source, userIrFolder());
        auto analysis = analyseImpulseResponse(loaded.ir.channels, loaded.ir.sampleRate);
        decoded_ = std::make_shared<const Decoded>(
            Decoded{std::make_shared<const ImpulseResponse>(std::move(loaded.ir)), std::move(loaded.source),
                    std::move(loaded.note), std::move(analysis)});
        decodedSource_ = source;
    }
    return decoded_;
}

std::unique_ptr<ReverbEngine> IrLoader::buildSilence(const EngineConfig& config, std::uint64_t id) const
{
    EngineSpec spec;
    spec.partitionSize = config.partitionSize;
    spec.latencyMode = config.latencyMode;
    spec.maxBlockSize = config.maxBlockSize;
    auto engine = std::make_unique<ReverbEngine>();
    engine->convolver.prepare(spec, {{0.0f}}, config.numInputs, config.numOutputs); // one silent tap
    engine->sampleRate = config.sampleRate;
    engine->id = id;
    return engine;
}

LoadedIrInfo IrLoader::inspect(const IrSource& source, const IrEdits& edits)
{
    const auto cached = decode(source);
    const auto& decoded = cached->ir;
    LoadedIrInfo info;
    info.requested = source;
    info.source = cached->found;
    info.note = cached->note;
    info.name = source.displayName();
    info.format = decoded->format;
    info.numChannels = decoded->numChannels();
    info.fileSampleRate = decoded->sampleRate;
    info.fileSeconds = decoded->seconds();
    info.decoded = decoded;
    info.decodedAnalysis = cached->analysis;
    info.edited = std::make_shared<const ImpulseResponse>(applyEdits(*decoded, edits));
    info.analysis = analyseImpulseResponse(info.edited->channels, info.edited->sampleRate);
    return info;
}

std::unique_ptr<ReverbEngine> IrLoader::build(const EngineRequest& request, LoadedIrInfo& info)
{
    std::function<void()> beforeBuild;
    {
        std::lock_guard lock(mutex_);
        beforeBuild = beforeBuild_;
    }
    if (beforeBuild)
        beforeBuild();
    info = inspect(request.source, request.edits);
    const auto atRate = resampledTo(*info.edited, request.config.sampleRate);

    EngineSpec spec;
    spec.partitionSize = request.config.partitionSize;
    spec.latencyMode = request.config.latencyMode;
    spec.maxBlockSize = request.config.maxBlockSize;
    spec.partitioning = Partitioning::automatic; // later stages on worker threads for long IRs
    auto engine = std::make_unique<ReverbEngine>();
    engine->convolver.prepare(spec, atRate.channels, request.config.numInputs, request.config.numOutputs);
    saveFftWisdom(); // if a new size was measured
    engine->sampleRate = request.config.sampleRate;
    engine->tailSeconds = atRate.seconds();
    std::lock_guard lock(mutex_);
    engine->id = nextEngineId_++;
    return engine;
}

bool IrLoader::prepareNow(const EngineConfig& config)
{
    EngineRequest target;
    {
        std::lock_guard lock(mutex_);
        wantedConfig_ = config;
        target = {wantedSource_, wantedEdits_, config};
    }

    std::lock_guard engineLock(engineMutex_);
    reverb_.prepare(layoutFor(config));
    LoadedIrInfo info;
    std::unique_ptr<ReverbEngine> engine;
    std::string error;
    try
    {
        engine = build(target, info);
    }
    catch (const std::exception& e)
    {
        error = e.what();
    }

    const bool ok = engine != nullptr;
    {
        std::lock_guard lock(mutex_);
        if (ok)
        {
            built_ = target;
            loaded_ = info;
            error_.clear();
            failedSource_.reset();
        }
        else
        {
            failedSource_ = target.source;
            failedRequest_ = target;
            error_ = error;
            built_.reset();
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
        changed_.wait_for(lock, kCollectInterval,
                          [this] { return quit_ || nextBuild().has_value() || needsPreview(); });

        lock.unlock();
        {
            std::lock_guard engineLock(engineMutex_);
            reverb_.exchange().collectRetired();
        }
        lock.lock();

        if (needsPreview())
        {
            const auto wanted = std::make_pair(wantedSource_, wantedEdits_);
            building_ = true;
            lock.unlock();
            LoadedIrInfo info;
            std::string error;
            try
            {
                info = inspect(wanted.first, wanted.second);
            }
            catch (const std::exception& e)
            {
                error = e.what();
            }
            lock.lock();
            previewed_ = wanted;
            // Only if nothing moved on meanwhile: prepareNow() may have installed an
            // engine, or the user asked for another IR.
            const bool current = !wantedConfig_ && wanted == std::make_pair(wantedSource_, wantedEdits_);
            if (current && error.empty())
            {
                loaded_ = std::move(info);
                error_.clear();
            }
            else if (current)
            {
                failedSource_ = wanted.first;
                error_ = error;
            }
            building_ = false;
            auto callback = onChange_;
            changed_.notify_all();
            lock.unlock();
            if (callback)
                callback();
            lock.lock();
            continue;
        }

        const auto target = nextBuild();
        if (!target)
            continue;
        // Edits alone wait until they have rested, so a dragged control builds once.
        const bool onlyEdits = built_ && built_->source == target->source && built_->config == target->config;
        const auto rested = Clock::now() - editsChangedAt_;
        if (onlyEdits && rested < kEditSettleTime)
        {
            changed_.wait_for(lock, kEditSettleTime - rested);
            continue;
        }
        building_ = true;
        lock.unlock();

        LoadedIrInfo info;
        std::unique_ptr<ReverbEngine> engine;
        std::string error;
        try
        {
            engine = build(*target, info);
        }
        catch (const std::exception& e)
        {
            error = e.what();
        }

        std::function<void()> callback;
        {
            std::lock_guard engineLock(engineMutex_);
            lock.lock();
            if (engine != nullptr && wantedConfig_ == target->config)
            {
                reverb_.exchange().publish(std::move(engine));
                built_ = *target;
                loaded_ = std::move(info);
                if (target->source == wantedSource_)
                    error_.clear();
            }
            else if (engine == nullptr)
            {
                failedRequest_ = *target;
                if (target->source == wantedSource_)
                {
                    failedSource_ = target->source;
                    if (onFailure_ == OnFailure::silence)
                    {
                        reverb_.exchange().publish(buildSilence(target->config, nextEngineId_++));
                        built_.reset();
                        loaded_ = {};
                    }
                }
                error_ = error;
            }
            // else: the engine options changed during the build; the loop builds again.
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
