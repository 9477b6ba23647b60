// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "CaptureRun.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <thread>

namespace faltung
{

namespace
{
constexpr double kToneHz = 1000.0;
}

void CaptureRun::prepare(std::vector<std::vector<float>> sweepFile, double sampleRate, const Routing& routing,
                         double extraSeconds)
{
    startRequested_ = false; // a new take stops whatever the last one was doing
    for (int channel : routing.outputs)
        if (channel >= static_cast<int>(sweepFile.size()))
            throw std::invalid_argument("an output plays a channel the sweep file does not have");
    auto take = std::make_unique<Take>();
    const std::size_t length = (sweepFile.empty() ? 0 : sweepFile[0].size()) +
                               static_cast<std::size_t>(std::lround(extraSeconds * sampleRate));
    take->sweep = std::move(sweepFile);
    take->sampleRate = sampleRate;
    take->routing = routing;
    take->recording.assign(routing.inputs.size(), std::vector<float>(length, 0.0f));
    take->peaks = std::make_unique<std::atomic<float>[]>(routing.inputs.size());

    // Publish it; the old one goes once the audio thread is out of it (at most one
    // block: it re-reads the pointer each block).
    Take* old = current_.exchange(take.get(), std::memory_order_acq_rel);
    while (old != nullptr && inUse_.load(std::memory_order_acquire) == old)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    owned_ = std::move(take);
    position_ = 0;
    state_.store(State::idle, std::memory_order_release);
}

void CaptureRun::startTone(float level)
{
    toneLevel_ = level;
    auto expected = State::idle;
    state_.compare_exchange_strong(expected, State::tone, std::memory_order_acq_rel);
}

void CaptureRun::stopTone()
{
    auto expected = State::tone;
    state_.compare_exchange_strong(expected, State::idle, std::memory_order_acq_rel);
}

void CaptureRun::start()
{
    stopTone();
    startRequested_ = true;
}

void CaptureRun::cancel()
{
    startRequested_ = false;
    state_.store(State::idle, std::memory_order_release);
}

double CaptureRun::progress() const noexcept
{
    if (owned_ == nullptr || owned_->recording.empty() || owned_->recording[0].empty())
        return 0.0;
    return std::min(1.0,
                    static_cast<double>(position_.load()) / static_cast<double>(owned_->recording[0].size()));
}

float CaptureRun::takeInputPeak(std::size_t input) noexcept
{
    if (owned_ == nullptr || input >= owned_->routing.inputs.size())
        return 0.0f;
    return owned_->peaks[input].exchange(0.0f, std::memory_order_relaxed);
}

std::vector<std::vector<float>> CaptureRun::takeRecording()
{
    if (state() != State::finished || owned_ == nullptr)
        return {};
    auto recording = owned_->recording; // the audio thread no longer writes it
    state_.store(State::idle, std::memory_order_release);
    return recording;
}

void CaptureRun::process(const float* const* in, int numIn, float* const* out, int numOut,
                         int numSamples) noexcept
{
    for (int o = 0; o < numOut; ++o)
        std::fill(out[o], out[o] + numSamples, 0.0f);
    Take* take = current_.load(std::memory_order_acquire);
    inUse_.store(take, std::memory_order_seq_cst);
    // prepare() may have replaced it in between: then this block plays nothing.
    if (take != nullptr && current_.load(std::memory_order_seq_cst) == take)
        play(*take, in, numIn, out, numOut, numSamples);
    inUse_.store(nullptr, std::memory_order_release);
}

void CaptureRun::play(Take& take, const float* const* in, int numIn, float* const* out, int numOut,
                      int numSamples) noexcept
{
    const auto& routing = take.routing;
    // Meters: every recorded input, whatever the state.
    for (std::size_t k = 0; k < routing.inputs.size(); ++k)
    {
        const int channel = routing.inputs[k];
        if (channel >= numIn)
            continue;
        float peak = 0.0f;
        for (int i = 0; i < numSamples; ++i)
            peak = std::max(peak, std::abs(in[channel][i]));
        if (peak > take.peaks[k].load(std::memory_order_relaxed))
            take.peaks[k].store(peak, std::memory_order_relaxed);
    }

    if (startRequested_.exchange(false) && state() != State::running)
    {
        position_ = 0;
        state_.store(State::running, std::memory_order_release);
    }

    const auto s = state();
    const int routed = std::min(numOut, static_cast<int>(routing.outputs.size()));
    if (s == State::tone)
    {
        const double step = 2.0 * std::numbers::pi * kToneHz / take.sampleRate;
        const float level = toneLevel_.load(std::memory_order_relaxed);
        for (int i = 0; i < numSamples; ++i)
        {
            const float v = level * static_cast<float>(std::sin(tonePhase_));
            tonePhase_ = std::fmod(tonePhase_ + step, 2.0 * std::numbers::pi);
            for (int o = 0; o < routed; ++o)
                if (routing.outputs[static_cast<std::size_t>(o)] >= 0)
                    out[o][i] = v;
        }
        return;
    }
    if (s != State::running)
        return;

    const auto length = static_cast<std::int64_t>(take.recording.empty() ? 0 : take.recording[0].size());
    const std::int64_t at = position_.load(std::memory_order_relaxed);
    const int n = static_cast<int>(std::min<std::int64_t>(numSamples, length - at));
    const auto sweepLength = static_cast<std::int64_t>(take.sweep.empty() ? 0 : take.sweep[0].size());
    for (int o = 0; o < routed; ++o)
    {
        const int channel = routing.outputs[static_cast<std::size_t>(o)];
        if (channel < 0)
            continue;
        const auto& source = take.sweep[static_cast<std::size_t>(channel)];
        for (int i = 0; i < n && at + i < sweepLength; ++i)
            out[o][i] = source[static_cast<std::size_t>(at + i)];
    }
    for (std::size_t k = 0; k < take.recording.size(); ++k)
    {
        const int channel = routing.inputs[k];
        if (channel < numIn)
            std::copy_n(in[channel], n, take.recording[k].begin() + at);
    }
    position_.store(at + n, std::memory_order_relaxed);
    if (at + n >= length)
        state_.store(State::finished, std::memory_order_release);
}

} // namespace faltung
