// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

// One audio thread as a host's audio graph runs it: woken at the start of every
// period of B samples on an absolute clock (clock_nanosleep, TIMER_ABSTIME on
// CLOCK_MONOTONIC, so that the time the work takes does not push the next wake-up
// back), it does one period's work and sleeps again. SCHED_FIFO when allowed, as
// an audio interface's thread is, so that other processes do not preempt it.
//
// A period whose work ends after the next period has begun is late: a host's
// output for it would have been a glitch. Then, as a driver whose buffer has
// come round, the thread starts the period that is under way at once, and skips
// (and counts) the ones that have wholly passed meanwhile, so that an overloaded
// run still ends on time.
//
// A late period may be the machine's doing (the thread woken late, or its CPU
// taken away meanwhile) or the work's. A period is overloaded when the work took
// more CPU time on this thread than the period lasts, which no punctual machine
// would have saved; but a virtual machine whose kernel sees no steal time still
// charges the thread for the time its virtual CPU was taken away.

#include <functional>
#include <string>
#include <vector>

namespace faltung::bench
{

// The work of one period, on the audio thread: no allocation, locking or I/O.
class PeriodWork
{
public:
    virtual ~PeriodWork() = default;
    virtual void runPeriod() noexcept = 0;

    // On the audio thread, outside the timed work: before the first timed period
    // (after the warm-up) and after the last.
    virtual void timingBegins() noexcept {}
    virtual void timingEnds() noexcept {}

    // On the audio thread after a timed period's work, only with
    // AudioThreadSettings::stopAtFirstMiss: whether the work itself has missed a
    // deadline since timingBegins() (an engine's late worker).
    virtual bool missedSinceTimingBegan() const noexcept { return false; }
};

// Which periods count as misses for AudioThreadSettings::stopAtFirstMiss; a miss
// the work reports (PeriodWork::missedSinceTimingBegan) always counts.
enum class MissRule
{
    everyLatePeriod,   // as a host hears it: the machine's late wake-ups included
    overloadedPeriods, // only those the work caused: its own CPU time above the period
};

struct AudioThreadSettings
{
    double sampleRate = 48000.0;
    int blockSize = 128;          // B: samples per period
    long warmUpPeriods = 0;       // run first, not counted
    long timedPeriods = 0;        // then these, counted
    int realtimePriority = 60;    // SCHED_FIFO priority when allowed
    bool stopAtFirstMiss = false; // end at the first miss (a search): see MissRule
    MissRule missRule = MissRule::everyLatePeriod;
};

struct AudioThreadResult
{
    std::string scheduling;           // "SCHED_FIFO 60" or "SCHED_OTHER (SCHED_FIFO refused)"
    std::vector<double> workSeconds;  // wall time of each timed period's work that ran
    long latePeriods = 0;             // timed periods whose work ended after the next period began
    long overrunPeriods = 0;          // of those, the ones whose work alone took longer than a period
    long overloadedPeriods = 0;       // timed periods whose work took more CPU time than the period
    double worstWorkCpuSeconds = 0.0; // the most CPU time one period's work took on this thread
    long skippedPeriods = 0;          // timed periods that passed wholly while the thread was late: not run
    double worstWakeUpSeconds = 0.0;  // latest wake-up after a timed period began (from sleep)
    double cpuSeconds = 0.0;          // of the whole process (all threads) over the timed periods
    double audioSeconds = 0.0;        // the timed periods' length: timedPeriods of them, fewer if stopped
    bool stoppedEarly = false;        // stopAtFirstMiss, and a period was late or the work missed
};

// Runs work on a new audio thread for settings.warmUpPeriods + timedPeriods periods
// and returns when it has ended. Meanwhile the calling thread calls whileRunning
// every pollSeconds (it may do I/O; the audio thread does none).
AudioThreadResult runOnAudioThread(PeriodWork& work, const AudioThreadSettings& settings,
                                   const std::function<void()>& whileRunning, double pollSeconds);

// Whether this process may run a thread with SCHED_FIFO at this priority: asks for
// it with a thread of its own, which ends at once.
bool realtimeSchedulingAllowed(int priority);

} // namespace faltung::bench
