// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "AudioThread.h"

#include "Measurement.h"

#include "Denormals.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <thread>

#include <pthread.h>
#include <sched.h>
#include <time.h>

namespace faltung::bench
{

namespace
{
constexpr std::int64_t kNanosecondsPerSecond = 1000000000;

std::int64_t monotonicNanoseconds() noexcept
{
    timespec t{};
    clock_gettime(CLOCK_MONOTONIC, &t);
    return static_cast<std::int64_t>(t.tv_sec) * kNanosecondsPerSecond + t.tv_nsec;
}

// CPU time of the calling thread: unlike wall time, it leaves out the time the
// thread was preempted or its virtual CPU was not running.
std::int64_t threadCpuNanoseconds() noexcept
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<std::int64_t>(t.tv_sec) * kNanosecondsPerSecond + t.tv_nsec;
}

void sleepUntil(std::int64_t nanoseconds) noexcept
{
    timespec t{};
    t.tv_sec = static_cast<time_t>(nanoseconds / kNanosecondsPerSecond);
    t.tv_nsec = static_cast<long>(nanoseconds % kNanosecondsPerSecond);
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &t, nullptr) == EINTR)
    {
    }
}

// Period k begins at start + k B / sampleRate, computed from k each time so that
// rounding does not add up over a long run.
struct PeriodClock
{
    std::int64_t start = 0;
    std::int64_t samplesPerSecond = 48000;
    std::int64_t blockSize = 128;

    std::int64_t begins(std::int64_t period) const noexcept
    {
        return start + period * blockSize * kNanosecondsPerSecond / samplesPerSecond;
    }

    // The first period that begins after time t.
    std::int64_t firstAfter(std::int64_t t) const noexcept
    {
        return (t - start) * samplesPerSecond / (blockSize * kNanosecondsPerSecond) + 1;
    }
};

void run(PeriodWork& work, const AudioThreadSettings& settings, AudioThreadResult& result) noexcept
{
    sched_param param{};
    param.sched_priority = settings.realtimePriority;
    result.scheduling = pthread_setschedparam(pthread_self(), SCHED_FIFO, &param) == 0
                            ? "SCHED_FIFO " + std::to_string(settings.realtimePriority)
                            : std::string("SCHED_OTHER (SCHED_FIFO refused)");
    pthread_setname_np(pthread_self(), "bench-audio");
    faltung::ScopedFlushDenormals flushDenormals;

    const std::int64_t warmUp = settings.warmUpPeriods;
    std::int64_t end = warmUp + settings.timedPeriods;
    auto& workSeconds = result.workSeconds; // sized by the caller: no allocation here
    std::size_t timed = 0;
    bool timing = false;
    double cpuStart = 0.0;
    const auto beginTiming = [&]() noexcept
    {
        timing = true;
        work.timingBegins();
        cpuStart = processCpuSeconds();
    };
    const PeriodClock clock{monotonicNanoseconds() + 2000000, static_cast<std::int64_t>(settings.sampleRate),
                            settings.blockSize};

    for (std::int64_t period = 0; period < end;)
    {
        if (!timing && period >= warmUp)
            beginTiming();
        const std::int64_t begins = clock.begins(period);
        const bool sleeps = monotonicNanoseconds() < begins; // not when catching up after a late period
        if (sleeps)
            sleepUntil(begins);
        const std::int64_t woke = monotonicNanoseconds();
        const std::int64_t cpuBefore = threadCpuNanoseconds();
        work.runPeriod();
        const std::int64_t cpuTaken = threadCpuNanoseconds() - cpuBefore;
        const std::int64_t done = monotonicNanoseconds();

        // Late: the next period has begun. Run the one under way now at once; the
        // ones that have wholly passed are lost.
        const bool late = done > clock.begins(period + 1);
        const std::int64_t next = late ? std::max(period + 1, clock.firstAfter(done) - 1) : period + 1;
        if (timing)
        {
            if (timed < workSeconds.size())
                workSeconds[timed++] = static_cast<double>(done - woke) / kNanosecondsPerSecond;
            if (sleeps)
                result.worstWakeUpSeconds = std::max(
                    result.worstWakeUpSeconds, static_cast<double>(woke - begins) / kNanosecondsPerSecond);
            result.latePeriods += late ? 1 : 0;
            const std::int64_t length = clock.begins(period + 1) - begins;
            result.overrunPeriods += done - woke > length ? 1 : 0;
            const bool overloaded = cpuTaken > length;
            result.overloadedPeriods += overloaded ? 1 : 0;
            result.worstWorkCpuSeconds =
                std::max(result.worstWorkCpuSeconds, static_cast<double>(cpuTaken) / kNanosecondsPerSecond);
            const bool periodMissed = settings.missRule == MissRule::everyLatePeriod ? late : overloaded;
            if (settings.stopAtFirstMiss && (periodMissed || work.missedSinceTimingBegan()))
            {
                result.stoppedEarly = true;
                end = period + 1;
                break;
            }
            result.skippedPeriods += std::min(next, end) - period - 1;
        }
        else if (next > warmUp)
            result.skippedPeriods += std::min(next, end) - warmUp; // timed periods lost to the warm-up
        period = next;
    }
    if (!timing) // every timed period was lost
        beginTiming();
    result.cpuSeconds = processCpuSeconds() - cpuStart;
    work.timingEnds();
    result.audioSeconds = static_cast<double>(end - warmUp) * settings.blockSize / settings.sampleRate;
    workSeconds.resize(timed); // shrinks: no allocation
}
} // namespace

AudioThreadResult runOnAudioThread(PeriodWork& work, const AudioThreadSettings& settings,
                                   const std::function<void()>& whileRunning, double pollSeconds)
{
    AudioThreadResult result;
    // Sized and touched here, so that the audio thread only writes.
    result.workSeconds.assign(static_cast<std::size_t>(std::max(0L, settings.timedPeriods)), 0.0);

    std::atomic<bool> finished{false};
    std::thread audio(
        [&]
        {
            run(work, settings, result);
            finished.store(true, std::memory_order_release);
        });
    const auto poll = std::chrono::duration<double>(pollSeconds);
    while (!finished.load(std::memory_order_acquire))
    {
        whileRunning();
        std::this_thread::sleep_for(poll);
    }
    audio.join();
    return result;
}

bool realtimeSchedulingAllowed(int priority)
{
    bool allowed = false;
    std::thread probe(
        [&]
        {
            sched_param param{};
            param.sched_priority = priority;
            allowed = pthread_setschedparam(pthread_self(), SCHED_FIFO, &param) == 0;
        });
    probe.join();
    return allowed;
}

} // namespace faltung::bench
