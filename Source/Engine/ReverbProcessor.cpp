// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "ReverbProcessor.h"

#include "MixLaw.h"
#include "SimdKernels.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <string>
#include <thread>

namespace faltung
{

namespace
{
constexpr double kControlRampSeconds = 0.02;  // gains, width, bypass, filter on/off
constexpr double kCutoffRampSeconds = 0.05;   // filter cutoffs, in octaves
constexpr double kPredelayFadeSeconds = 0.03; // crossfade between predelay taps
constexpr int kFilterControlInterval = 16;    // samples between filter coefficient updates
constexpr float kDefaultLowCutHz = 20.0f;
constexpr float kDefaultHighCutHz = 20000.0f;
// Input beyond +60 dBFS is clipped there before the convolution: no real signal
// gets near it, and it keeps a reverb of any IR far from float overflow.
constexpr float kInputLimit = 1000.0f;
// Most blocks of input a new engine is fed on the audio thread when it is taken.
constexpr int kMaxCatchUpBlocks = 4;

// A finite value clamped to [lo, hi], or fallback when it is NaN or infinite
// (std::clamp passes NaN through, and hosts do send NaN parameter values).
float finiteIn(float x, float lo, float hi, float fallback) noexcept
{
    return std::isfinite(x) ? std::clamp(x, lo, hi) : fallback;
}

ReverbSettings sanitized(const ReverbSettings& s) noexcept
{
    const ReverbSettings defaults;
    ReverbSettings r = s;
    r.mix = finiteIn(s.mix, 0.0f, 1.0f, defaults.mix);
    r.dryLevelDb = finiteIn(s.dryLevelDb, -120.0f, 24.0f, defaults.dryLevelDb);
    r.wetLevelDb = finiteIn(s.wetLevelDb, -120.0f, 24.0f, defaults.wetLevelDb);
    r.outputGainDb = finiteIn(s.outputGainDb, -120.0f, 24.0f, defaults.outputGainDb);
    r.predelayMs = finiteIn(s.predelayMs, 0.0f, static_cast<float>(ReverbProcessor::kMaxPredelayMs),
                            defaults.predelayMs);
    r.lowCutHz = finiteIn(s.lowCutHz, 0.0f, 1.0e6f, defaults.lowCutHz);
    r.highCutHz = finiteIn(s.highCutHz, 0.0f, 1.0e6f, defaults.highCutHz);
    r.width = finiteIn(s.width, 0.0f, 2.0f, defaults.width);
    r.eqLowFrequencyHz = finiteIn(s.eqLowFrequencyHz, 10.0f, 24000.0f, defaults.eqLowFrequencyHz);
    r.eqBellFrequencyHz = finiteIn(s.eqBellFrequencyHz, 10.0f, 24000.0f, defaults.eqBellFrequencyHz);
    r.eqHighFrequencyHz = finiteIn(s.eqHighFrequencyHz, 10.0f, 24000.0f, defaults.eqHighFrequencyHz);
    r.eqLowGainDb = finiteIn(s.eqLowGainDb, -48.0f, 48.0f, defaults.eqLowGainDb);
    r.eqBellGainDb = finiteIn(s.eqBellGainDb, -48.0f, 48.0f, defaults.eqBellGainDb);
    r.eqHighGainDb = finiteIn(s.eqHighGainDb, -48.0f, 48.0f, defaults.eqHighGainDb);
    r.eqBellQ = finiteIn(s.eqBellQ, 0.05f, 40.0f, defaults.eqBellQ);
    r.duckAmountDb = finiteIn(s.duckAmountDb, 0.0f, 96.0f, defaults.duckAmountDb);
    r.duckThresholdDb = finiteIn(s.duckThresholdDb, -120.0f, 24.0f, defaults.duckThresholdDb);
    r.duckReleaseMs = finiteIn(s.duckReleaseMs, Ducker::kMinReleaseMs, 60000.0f, defaults.duckReleaseMs);
    return r;
}

WetEqSettings eqSettings(const ReverbSettings& s) noexcept
{
    return {s.eqLowFrequencyHz, s.eqLowGainDb,       s.eqBellFrequencyHz, s.eqBellGainDb,
            s.eqBellQ,          s.eqHighFrequencyHz, s.eqHighGainDb};
}

float dbToGain(float db) noexcept
{
    return db <= ReverbProcessor::kSilentLevelDb ? 0.0f : std::pow(10.0f, db / 20.0f);
}

std::vector<float*> pointers(std::vector<AlignedBuffer>& buffers)
{
    std::vector<float*> p;
    for (auto& b : buffers)
        p.push_back(b.data());
    return p;
}
} // namespace

std::unique_ptr<ReverbEngine> makeReverbEngine(const std::vector<std::vector<float>>& ir,
                                               const StreamLayout& layout, const EngineSpec& spec,
                                               std::shared_ptr<StageExecutor> executor)
{
    auto engine = std::make_unique<ReverbEngine>();
    engine->convolver.prepare(spec, layout, ir, std::move(executor));
    engine->sampleRate = layout.sampleRate;
    engine->tailSeconds = static_cast<double>(engine->convolver.irLength()) / layout.sampleRate;
    return engine;
}

ReverbProcessor::ReverbProcessor() = default;
ReverbProcessor::~ReverbProcessor() = default;

void ReverbProcessor::prepare(const StreamLayout& layout)
{
    if (!(layout.sampleRate > 0.0 && std::isfinite(layout.sampleRate)) || layout.maxBlockSize < 1 ||
        layout.numInputs < 1 || layout.numInputs > 2 || layout.numOutputs < 1 || layout.numOutputs > 2)
        throw std::invalid_argument("ReverbProcessor: a layout of " + std::to_string(layout.numInputs) +
                                    " in, " + std::to_string(layout.numOutputs) + " out, blocks of " +
                                    std::to_string(layout.maxBlockSize) + " at " +
                                    std::to_string(layout.sampleRate) + " Hz cannot play");
    inputFaults_.store(0, std::memory_order_relaxed);
    layout_ = layout;
    current_.reset();
    incoming_.reset();
    crossfading_.store(false, std::memory_order_release);
    exchange_.collectRetired();

    const auto block = static_cast<std::size_t>(layout.maxBlockSize);
    dry_.clear();
    wet_.clear();
    incomingWet_.clear();
    for (int c = 0; c < layout.numInputs; ++c)
        dry_.emplace_back(block);
    for (int c = 0; c < layout.numOutputs; ++c)
    {
        wet_.emplace_back(block);
        incomingWet_.emplace_back(block);
    }
    catchUpIn_.clear();
    for (int c = 0; c < layout.numInputs; ++c)
        catchUpIn_.emplace_back(block);
    catchUpInPtrs_ = pointers(catchUpIn_);
    history_.prepare(layout.numInputs, static_cast<int>(std::ceil(kPrimeSeconds * layout.sampleRate)),
                     layout.maxBlockSize);
    dryPtrs_ = pointers(dry_);
    wetPtrs_ = pointers(wet_);
    incomingWetPtrs_ = pointers(incomingWet_);

    const double sr = layout.sampleRate;
    fadeLength_ = std::max(1, static_cast<int>(std::lround(kEngineCrossfadeSeconds * sr)));
    fadePos_ = 0;
    dryDelay_.prepare(layout.numInputs, kMaxPartitionSize, fadeLength_); // the longest engine latency
    predelay_.prepare(layout.numOutputs, static_cast<int>(std::ceil(kMaxPredelayMs * 0.001 * sr)),
                      static_cast<int>(std::lround(kPredelayFadeSeconds * sr)));

    const int controlRamp = static_cast<int>(std::lround(kControlRampSeconds * sr));
    const int cutoffRamp = static_cast<int>(std::lround(kCutoffRampSeconds * sr));
    for (auto* s : {&width_, &dryGain_, &wetGain_, &bypass_, &lowCutOn_, &highCutOn_})
        s->reset(controlRamp, 0.0f);
    lowCutOctaves_.reset(cutoffRamp, std::log2(kDefaultLowCutHz));
    highCutOctaves_.reset(cutoffRamp, std::log2(kDefaultHighCutHz));
    eq_.prepare(sr, layout.numOutputs);
    ducker_.prepare(sr);
    latency_ = 0;
    playingId_ = 0;
    tailSeconds_ = 0.0;
    setSettingsImmediately(ReverbSettings{});
    reset();
}

void ReverbProcessor::installEngine(std::unique_ptr<ReverbEngine> engine)
{
    incoming_.reset();
    crossfading_.store(false, std::memory_order_release);
    current_ = std::move(engine);
    if (current_ != nullptr)
    {
        applyOffline(*current_);
        latency_ = current_->convolver.latencySamples();
        playingId_ = current_->id;
        tailSeconds_ = current_->tailSeconds;
        dryDelay_.setDelayImmediately(latency_);
    }
}

void ReverbProcessor::setSettings(const ReverbSettings& settings) noexcept
{
    const ReverbSettings s = sanitized(settings);
    const MixGains mix = mixGains(s.mix);
    const float output = dbToGain(s.outputGainDb);
    dryGain_.setTarget(mix.dry * dbToGain(s.dryLevelDb) * output);
    wetGain_.setTarget(mix.wet * dbToGain(s.wetLevelDb) * output);
    width_.setTarget(s.width);
    bypass_.setTarget(s.bypass ? 1.0f : 0.0f);
    predelay_.setDelay(static_cast<int>(std::lround(
        std::clamp(s.predelayMs, 0.0f, static_cast<float>(kMaxPredelayMs)) * 0.001 * layout_.sampleRate)));

    // Turning a filter on starts it at its cutoff (its output fades in anyway);
    // moving it while on glides in octaves.
    auto filter = [](LinearSmoother& on, LinearSmoother& octaves, float hz)
    {
        if (hz <= 0.0f)
        {
            on.setTarget(0.0f);
            return;
        }
        if (on.current() == 0.0f && !on.isRamping())
            octaves.setImmediately(std::log2(hz));
        else
            octaves.setTarget(std::log2(hz));
        on.setTarget(1.0f);
    };
    filter(lowCutOn_, lowCutOctaves_, s.lowCutHz);
    filter(highCutOn_, highCutOctaves_, s.highCutHz);
    eq_.setSettings(eqSettings(s));
    ducker_.setSettings({s.duckAmountDb, s.duckThresholdDb, s.duckReleaseMs});
}

void ReverbProcessor::setSettingsImmediately(const ReverbSettings& s) noexcept
{
    setSettings(s);
    for (auto* smoother : {&width_, &dryGain_, &wetGain_, &bypass_, &lowCutOn_, &highCutOn_, &lowCutOctaves_,
                           &highCutOctaves_})
        smoother->setImmediately(smoother->target());
    predelay_.setDelayImmediately(predelay_.targetDelay());
    eq_.setSettingsImmediately(eqSettings(sanitized(s)));
}

void ReverbProcessor::reset() noexcept
{
    history_.markSilence();
    if (current_ != nullptr)
        current_->convolver.reset();
    if (incoming_ != nullptr)
        incoming_->convolver.reset();
    dryDelay_.reset();
    predelay_.reset();
    lowCut_.reset();
    highCut_.reset();
    eq_.reset();
    ducker_.reset();
}

void ReverbProcessor::process(const float* const* in, float* const* out, int numSamples) noexcept
{
    const float* inChunk[2];
    float* outChunk[2];
    for (int done = 0; done < numSamples;)
    {
        const int n = std::min(numSamples - done, layout_.maxBlockSize);
        for (int c = 0; c < layout_.numInputs; ++c)
            inChunk[c] = in[c] + done;
        for (int c = 0; c < layout_.numOutputs; ++c)
            outChunk[c] = out[c] + done;
        processChunk(inChunk, outChunk, n);
        done += n;
    }
}

bool ReverbProcessor::fits(const ReverbEngine& engine) const noexcept
{
    return engine.sampleRate == layout_.sampleRate && engine.convolver.numInputs() == layout_.numInputs &&
           engine.convolver.numOutputs() == layout_.numOutputs &&
           engine.convolver.latencySamples() <= kMaxPartitionSize;
}

void ReverbProcessor::setOffline(bool offline) noexcept
{
    if (offline_ == offline)
        return;
    offline_ = offline;
    for (auto* engine : {current_.get(), incoming_.get()})
        if (engine != nullptr)
            applyOffline(*engine);
}

void ReverbProcessor::applyOffline(ReverbEngine& engine) const noexcept
{
    if (offline_)
        engine.convolver.setWaitForStages(*offline_);
}

void ReverbProcessor::publish(std::unique_ptr<ReverbEngine> engine)
{
    if (engine != nullptr && fits(*engine))
        prime(*engine);
    exchange_.publish(std::move(engine));
}

void ReverbProcessor::prime(ReverbEngine& engine)
{
    Convolver& convolver = engine.convolver;
    const int block = layout_.maxBlockSize;
    std::vector<AlignedBuffer> in, out;
    for (int c = 0; c < layout_.numInputs; ++c)
        in.emplace_back(static_cast<std::size_t>(block));
    for (int c = 0; c < layout_.numOutputs; ++c)
        out.emplace_back(static_cast<std::size_t>(block));
    const auto inPtrs = pointers(in);
    const auto outPtrs = pointers(out);

    // Exact: the priming thread waits for the later stages it feeds.
    convolver.setWaitForStages(true);
    const std::uint64_t silentBefore = history_.silentBefore();
    const auto reach = static_cast<std::uint64_t>(convolver.irLength() + convolver.latencySamples());
    std::uint64_t end = history_.written();
    std::uint64_t at = std::max(history_.oldestReadable(), end > reach ? end - reach : 0);
    // Feeds [at, end); starts again from silence when the history was overwritten
    // under it (only a thread stalled for seconds falls that far behind).
    auto feed = [&]
    {
        while (at < end)
        {
            const int n =
                static_cast<int>(std::min<std::uint64_t>(end - at, static_cast<std::uint64_t>(block)));
            if (!history_.read(at, n, inPtrs.data()))
            {
                convolver.reset();
                at = std::max(history_.oldestReadable(), end > reach ? end - reach : 0);
                continue;
            }
            convolver.process(inPtrs.data(), outPtrs.data(), n);
            at += static_cast<std::uint64_t>(n);
        }
    };
    feed();
    // An engine published during a crossfade waits for it to end while the input
    // runs on; wait here instead (a moment at most), then catch up to the input
    // as it is now, so that the audio thread has as little as possible to feed it.
    using namespace std::chrono;
    const auto deadline = steady_clock::now() + duration<double>(4.0 * kEngineCrossfadeSeconds);
    while ((crossfading_.load(std::memory_order_acquire) || exchange_.hasPending()) &&
           steady_clock::now() < deadline)
        std::this_thread::sleep_for(milliseconds(1));
    for (int round = 0; round < 4 && history_.written() - end > static_cast<std::uint64_t>(block); ++round)
    {
        end = history_.written();
        feed();
    }
    convolver.setWaitForStages(convolver.spec().stageScheduling == StageScheduling::workerWait);
    engine.primed = ReverbEngine::Priming{end, silentBefore};
}

void ReverbProcessor::catchUp(ReverbEngine& engine) noexcept
{
    if (!engine.primed.has_value())
        return;
    // Everything up to this chunk, which the engine hears next as usual.
    const std::uint64_t before = history_.written();
    std::uint64_t at = engine.primed->through;
    if (history_.silentBefore() != engine.primed->silentBefore) // reset() since: forget what it silenced
    {
        engine.convolver.reset();
        at = std::max(at, history_.silentBefore());
    }
    if (at > before)
        return;
    // A bounded amount on the audio thread. Beyond it (the engine waited long for
    // its turn), the older part of the gap is left out: a short hole in the history
    // the engine heard, where the playing engine had it all.
    const auto limit = static_cast<std::uint64_t>(kMaxCatchUpBlocks * layout_.maxBlockSize);
    at = std::max({at, before > limit ? before - limit : 0, history_.oldestReadable()});
    while (at < before)
    {
        const int n = static_cast<int>(
            std::min<std::uint64_t>(before - at, static_cast<std::uint64_t>(layout_.maxBlockSize)));
        history_.read(at, n, catchUpInPtrs_.data()); // the writer's own thread: always succeeds
        engine.convolver.process(catchUpInPtrs_.data(), incomingWetPtrs_.data(), n);
        at += static_cast<std::uint64_t>(n);
    }
}

void ReverbProcessor::takeNewEngine() noexcept
{
    // One crossfade at a time, and only with room to retire the engine it replaces.
    if (incoming_ != nullptr || !exchange_.hasPending() || !exchange_.canRetire())
        return;
    std::unique_ptr<ReverbEngine> engine(exchange_.takePending());
    if (engine == nullptr)
        return;
    if (!fits(*engine))
    {
        exchange_.retire(engine.release()); // made for another layout: never played
        return;
    }
    applyOffline(*engine);
    catchUp(*engine);
    incoming_ = std::move(engine);
    crossfading_.store(true, std::memory_order_relaxed);
    fadePos_ = 0;
    latency_ = incoming_->convolver.latencySamples();
    playingId_ = incoming_->id;
    tailSeconds_ = incoming_->tailSeconds;
    dryDelay_.setDelay(latency_);
}

void ReverbProcessor::runEngines(int n) noexcept
{
    if (current_ != nullptr)
        current_->convolver.process(dryPtrs_.data(), wetPtrs_.data(), n);
    else
        for (auto* w : wetPtrs_)
            std::memset(w, 0, sizeof(float) * static_cast<std::size_t>(n));

    if (incoming_ == nullptr)
        return;
    incoming_->convolver.process(dryPtrs_.data(), incomingWetPtrs_.data(), n);
    const float step = 1.0f / static_cast<float>(fadeLength_);
    for (std::size_t c = 0; c < wetPtrs_.size(); ++c)
    {
        float* w = wetPtrs_[c];
        const float* x = incomingWetPtrs_[c];
        for (int i = 0; i < n; ++i)
        {
            const float g = std::min(1.0f, static_cast<float>(fadePos_ + i) * step);
            w[i] += g * (x[i] - w[i]);
        }
    }
    fadePos_ += n;
    if (fadePos_ >= fadeLength_)
    {
        if (current_ != nullptr)
            exchange_.retire(current_.release()); // room was checked when the fade began
        current_ = std::move(incoming_);
        crossfading_.store(false, std::memory_order_release);
    }
}

void ReverbProcessor::applyFilters(int n) noexcept
{
    const int channels = layout_.numOutputs;
    auto run = [&](StateVariableFilter& filter, LinearSmoother& on, LinearSmoother& octaves, int start, int m)
    {
        if (on.current() == 0.0f && !on.isRamping())
        {
            filter.reset();
            return;
        }
        filter.setCutoff(std::exp2(octaves.skip(m)), layout_.sampleRate);
        for (int i = start; i < start + m; ++i)
        {
            const float amount = on.next();
            for (int c = 0; c < channels; ++c)
            {
                const float x = wetPtrs_[static_cast<std::size_t>(c)][i];
                wetPtrs_[static_cast<std::size_t>(c)][i] = x + amount * (filter.process(c, x) - x);
            }
        }
    };
    for (int start = 0; start < n; start += kFilterControlInterval)
    {
        const int m = std::min(kFilterControlInterval, n - start);
        run(lowCut_, lowCutOn_, lowCutOctaves_, start, m);
        run(highCut_, highCutOn_, highCutOctaves_, start, m);
    }
}

void ReverbProcessor::applyWidth(int n) noexcept
{
    if (layout_.numOutputs != 2)
        return;
    float* l = wetPtrs_[0];
    float* r = wetPtrs_[1];
    for (int i = 0; i < n; ++i)
    {
        const float w = width_.next();
        const float mid = 0.5f * (l[i] + r[i]);
        const float side = 0.5f * (l[i] - r[i]) * w;
        l[i] = mid + side;
        r[i] = mid - side;
    }
}

void ReverbProcessor::processChunk(const float* const* in, float* const* out, int n) noexcept
{
    const int numIn = layout_.numInputs;
    const int numOut = layout_.numOutputs;
    int faults = 0;
    for (int c = 0; c < numIn; ++c)
    {
        float* dry = dryPtrs_[static_cast<std::size_t>(c)];
        std::memcpy(dry, in[c], sizeof(float) * static_cast<std::size_t>(n));
        // A single NaN would otherwise stay in the convolution's history for the
        // IR's whole length, and in the filters' state for ever.
        faults += simd::sanitize(dry, n, kInputLimit);
    }
    if (faults > 0)
        inputFaults_.fetch_add(static_cast<std::uint64_t>(faults), std::memory_order_relaxed);

    takeNewEngine();
    runEngines(n);
    // After the engines heard it: an engine primed meanwhile on another thread has
    // heard at most what was written before this chunk, never this chunk itself.
    history_.write(dryPtrs_.data(), n);
    predelay_.process(wetPtrs_.data(), n);
    applyFilters(n);
    eq_.process(wetPtrs_.data(), n);
    applyWidth(n);
    dryDelay_.process(dryPtrs_.data(), n);
    // The dry signal as it is mixed, aligned with the wet: ducking then sounds the
    // same in both latency modes (the input as it arrives would lead the reverb by
    // the latency in the efficient mode, a look-ahead the zero-latency mode has not).
    ducker_.process(dryPtrs_.data(), numIn, wetPtrs_.data(), numOut, n);

    const float* dryL = dryPtrs_[0];
    const float* dryR = dryPtrs_[static_cast<std::size_t>(numIn - 1)];
    for (int i = 0; i < n; ++i)
    {
        const float dryGain = dryGain_.next();
        const float wetGain = wetGain_.next();
        const float bypass = bypass_.next();
        for (int o = 0; o < numOut; ++o)
        {
            // Mono in: the dry signal feeds both outputs; stereo in to mono out: their average.
            const float dry = numOut == 1 ? 0.5f * (dryL[i] + dryR[i]) : (o == 0 ? dryL[i] : dryR[i]);
            const float y = dryGain * dry + wetGain * wetPtrs_[static_cast<std::size_t>(o)][i];
            out[o][i] = (1.0f - bypass) * y + bypass * dry; // exactly the dry signal when bypassed
        }
    }
}

} // namespace faltung
