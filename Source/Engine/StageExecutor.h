// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <limits>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace faltung
{

// The threads that compute the later stages of the multi-stage engines
// (ScheduledStage), shared by every engine in the process: every plugin instance
// of a session, every file of a batch render.
//
// A DAW runs a reverb on many tracks in one process. With a thread per stage, 64
// instances of a 3 s room started about 200 threads at one priority on a 2-core
// machine, and none of them knew whose deadline was nearest. Here the number of
// threads follows the cores, not the engines, and a thread that comes free takes
// the waiting block with the earliest deadline over all engines (earliest deadline
// first, without preemption): a block of a 256-sample stage waits at most for the
// blocks the threads are computing, never behind a queue of 8192-sample ones.
//
// The real-time side: a stage hands a block over by publishing it in its own
// atomics and calling notify(), which wakes one sleeping thread (one futex wake;
// no system call at all when none sleeps, as every thread looks again when it
// finishes a block). It takes no lock. The lock here is taken by the executor's
// threads and by attach() and detach() alone.
class StageExecutor
{
public:
    // A source of blocks to compute: a ScheduledStage. The executor calls it from
    // one thread at a time.
    class Client
    {
    public:
        static constexpr std::int64_t kNoWork = std::numeric_limits<std::int64_t>::max();

        // When the oldest block waiting is due, in nanoseconds of the steady clock
        // (nowNanoseconds()), or kNoWork.
        virtual std::int64_t nextDeadline() const noexcept = 0;
        // Computes the oldest block waiting, if one still is.
        virtual void runNextBlock() noexcept = 0;

    protected:
        virtual ~Client() = default;

    private:
        friend class StageExecutor;
        bool running_ = false; // a thread is in runNextBlock(); guarded by the executor's mutex
    };

    // Starts `threads` threads. With 0, none: runReady() does the work on the
    // calling thread (tests that force an order of events).
    explicit StageExecutor(int threads);
    // Every client must have been detached.
    ~StageExecutor();

    StageExecutor(const StageExecutor&) = delete;
    StageExecutor& operator=(const StageExecutor&) = delete;

    // The process's executor, with defaultThreadCount() threads: made on first use,
    // and kept while anyone holds it (every engine with worker stages does).
    static std::shared_ptr<StageExecutor> shared();

    // One thread per core the process may run on.
    static int defaultThreadCount() noexcept;

    // The steady clock that deadlines are given in. Real-time safe (no system call
    // where the clock is read in user space, as on Linux).
    static std::int64_t nowNanoseconds() noexcept;

    // Not real-time.
    void attach(Client& client);
    // Not real-time. Waits while a thread computes one of the client's blocks; once
    // it returns, the client is never called again.
    void detach(Client& client);

    // Real-time: a client has a new block waiting.
    void notify() noexcept;

    // Not real-time, on the calling thread: computes the waiting blocks, earliest
    // deadline first, until none is left. For an executor without threads.
    void runReady();

    int numThreads() const noexcept { return static_cast<int>(threads_.size()); }

    // Threads started by every executor since the process began, for tests and
    // benchmarks.
    static std::uint64_t threadsStarted() noexcept;

private:
    Client* claimEarliest(); // with mutex_ held: marks the chosen client running
    void finish(Client& client);
    void run();

    std::mutex mutex_;
    std::condition_variable finished_; // a client stopped running
    std::vector<Client*> clients_;
    bool quit_ = false;
    std::atomic<std::uint32_t> wake_{0}; // futex word the idle threads sleep on
    std::vector<std::thread> threads_;
};

} // namespace faltung
