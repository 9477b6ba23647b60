// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "IrLoader.h"

#include "UserFolders.h"

namespace faltung
{

namespace
{
constexpr auto kCollectInterval = std::chrono::milliseconds(50);

IrLoadError errorOf(const std::exception& e)
{
    return {e.what(), dynamic_cast<const IrFileMissing*>(&e) != nullptr};
}
} // namespace

IrLoader::IrLoader(ReverbProcessor& reverb, std::shared_ptr<LoaderPool> pool)
    : reverb_(reverb)
    , pipeline_({.irFolder = irFolder(), .analyse = true, .limits = {}})
{
    useFftWisdomFile(fftWisdomFile());
    task_ = std::make_unique<LoaderPool::Task>(pool != nullptr ? std::move(pool) : LoaderPool::shared(),
                                               [this] { return step(); });
    task_->wake(); // the default IR is wanted from the start (for the editor's preview)
}

IrLoader::~IrLoader()
{
    {
        std::lock_guard lock(mutex_);
        quit_ = true;
    }
    changed_.notify_all();
    task_.reset(); // waits for a step under way
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
    task_->wake();
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
    task_->wake();
}

void IrLoader::requestEngine(const StreamLayout& layout, const EngineSpec& spec)
{
    {
        std::lock_guard lock(mutex_);
        const auto wanted = std::make_pair(layout, spec);
        if (wantedEngine_ == wanted)
            return;
        wantedEngine_ = wanted;
    }
    task_->wake();
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

PreparedIr IrLoader::loadedIr() const
{
    std::lock_guard lock(mutex_);
    return loaded_;
}

IrLoadError IrLoader::lastError() const
{
    std::lock_guard lock(mutex_);
    return error_;
}

// With mutex_ held: what to build next, if anything. While the wanted source is
// one that failed, the IR already playing follows new edits and options instead.
std::optional<EngineRequest> IrLoader::nextBuild() const
{
    if (!wantedEngine_ || quit_)
        return std::nullopt;
    EngineRequest target{wantedSource_, wantedEdits_, wantedEngine_->first, wantedEngine_->second};
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

// With mutex_ held: before any engine is wanted, the wanted IR is inspected for display.
bool IrLoader::needsPreview() const
{
    return !wantedEngine_ && !quit_ && failedSource_ != wantedSource_ &&
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

void IrLoader::beforeBuild()
{
    std::function<void()> hook;
    {
        std::lock_guard lock(mutex_);
        hook = beforeBuild_;
    }
    if (hook)
        hook();
}

std::unique_ptr<ReverbEngine> IrLoader::buildSilence(const StreamLayout& layout, const EngineSpec& spec,
                                                     std::uint64_t id) const
{
    auto engine = makeReverbEngine({{0.0f}}, layout, spec); // one silent tap
    engine->id = id;
    return engine;
}

std::unique_ptr<ReverbEngine> IrLoader::build(const EngineRequest& request, PreparedIr& prepared)
{
    beforeBuild();
    prepared = pipeline_.prepare(request.source, request.edits, request.layout.sampleRate);
    auto engine = makeReverbEngine(prepared.atRate->channels, request.layout, request.spec);
    saveFftWisdom(); // if a new size was measured
    std::lock_guard lock(mutex_);
    engine->id = nextEngineId_++;
    return engine;
}

bool IrLoader::prepareNow(const StreamLayout& layout, const EngineSpec& spec)
{
    EngineRequest target;
    {
        std::lock_guard lock(mutex_);
        wantedEngine_ = std::make_pair(layout, spec);
        target = {wantedSource_, wantedEdits_, layout, spec};
    }

    std::lock_guard engineLock(engineMutex_);
    reverb_.prepare(layout);
    PreparedIr prepared;
    std::unique_ptr<ReverbEngine> engine;
    IrLoadError error;
    try
    {
        engine = build(target, prepared);
    }
    catch (const std::exception& e)
    {
        error = errorOf(e);
    }

    const bool ok = engine != nullptr;
    {
        std::lock_guard lock(mutex_);
        if (ok)
        {
            built_ = target;
            loaded_ = prepared;
            error_ = {};
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
    task_->wake(); // for whatever was asked for meanwhile
    return ok;
}

LoaderPool::Clock::time_point IrLoader::step()
{
    {
        std::lock_guard engineLock(engineMutex_);
        reverb_.collectRetired();
    }
    // While an engine is on its way in or out, it is collected 20 times a second.
    const auto collectNext = [this]
    { return reverb_.handOverInProgress() ? Clock::now() + kCollectInterval : Clock::time_point::max(); };

    std::unique_lock lock(mutex_);
    if (quit_)
        return Clock::time_point::max();
    if (needsPreview())
    {
        preview(lock);
        return Clock::now();
    }
    const auto target = nextBuild();
    if (!target)
        return collectNext();
    // Edits alone wait until they have rested, so a dragged control builds once.
    const bool onlyEdits = built_ && built_->source == target->source && built_->layout == target->layout &&
                           built_->spec == target->spec;
    if (onlyEdits && Clock::now() - editsChangedAt_ < kEditSettleTime)
        return std::min(editsChangedAt_ + kEditSettleTime, collectNext());
    buildWanted(*target, lock);
    return Clock::now();
}

void IrLoader::preview(std::unique_lock<std::mutex>& lock)
{
    const auto wanted = std::make_pair(wantedSource_, wantedEdits_);
    building_ = true;
    lock.unlock();
    PreparedIr prepared;
    IrLoadError error;
    try
    {
        prepared = pipeline_.prepare(wanted.first, wanted.second, std::nullopt);
    }
    catch (const std::exception& e)
    {
        error = errorOf(e);
    }
    lock.lock();
    previewed_ = wanted;
    // Only if nothing moved on meanwhile: prepareNow() may have installed an
    // engine, or the user asked for another IR.
    const bool current = !wantedEngine_ && wanted == std::make_pair(wantedSource_, wantedEdits_);
    if (current && error.message.empty())
    {
        loaded_ = std::move(prepared);
        error_ = {};
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
}

void IrLoader::buildWanted(const EngineRequest& target, std::unique_lock<std::mutex>& lock)
{
    building_ = true;
    lock.unlock();

    PreparedIr prepared;
    std::unique_ptr<ReverbEngine> engine;
    IrLoadError error;
    try
    {
        engine = build(target, prepared);
    }
    catch (const std::exception& e)
    {
        error = errorOf(e);
    }

    std::function<void()> callback;
    {
        std::lock_guard engineLock(engineMutex_);
        lock.lock();
        const bool stillWanted =
            wantedEngine_ && wantedEngine_->first == target.layout && wantedEngine_->second == target.spec;
        if (engine != nullptr && stillWanted)
        {
            reverb_.publish(std::move(engine));
            built_ = target;
            loaded_ = std::move(prepared);
            if (target.source == wantedSource_)
                error_ = {};
        }
        else if (engine == nullptr)
        {
            failedRequest_ = target;
            // An IR asked for before the one now wanted says nothing about it.
            if (target.source == wantedSource_ || (built_ && target.source == built_->source))
                error_ = error;
            if (target.source == wantedSource_)
            {
                failedSource_ = target.source;
                if (onFailure_ == OnFailure::silence)
                {
                    reverb_.publish(buildSilence(target.layout, target.spec, nextEngineId_++));
                    built_.reset();
                    loaded_ = {};
                }
            }
        }
        // else: the engine options changed during the build; the next step builds again.
        building_ = false;
        callback = onChange_;
    }
    changed_.notify_all();
    lock.unlock();
    if (callback)
        callback();
}

} // namespace faltung
