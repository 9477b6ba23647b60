// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace faltung
{

// The threads that load IRs and build engines for every plugin instance in the
// process (their IrLoaders), and free the engines they retire.
//
// A session restored in a DAW opens every instance at once: with a thread per
// loader, 16 reverbs started 16 threads that fought over 2 cores and the FFTW
// planner's lock, and every one of them woke 20 times a second for good. Here a
// small fixed number of threads take turns over the loaders' tasks, and a task
// that has nothing to do costs nothing until it is woken.
class LoaderPool
{
    struct Entry;

public:
    using Clock = std::chrono::steady_clock;

    // Two: one load can go on while another waits on the FFTW planner, and two
    // builds are as many as the machines this runs on gain from, while the audio
    // thread and the stage executor have the other cores.
    static constexpr int kDefaultThreads = 2;

    explicit LoaderPool(int threads);
    // Every task must have been destroyed.
    ~LoaderPool();

    LoaderPool(const LoaderPool&) = delete;
    LoaderPool& operator=(const LoaderPool&) = delete;

    // The process's pool: made on first use, kept while anyone holds it.
    static std::shared_ptr<LoaderPool> shared();

    // Threads started by every pool since the process began, for tests and benchmarks.
    static std::uint64_t threadsStarted() noexcept;

    // A piece of work that runs again and again on the pool's threads, never on two
    // at once: one IrLoader's. Each run of `step` returns when it wants to run next:
    // Clock::now() (or earlier) as soon as a thread is free, a later time to run
    // then, Clock::time_point::max() not until woken. It first runs when woken.
    class Task
    {
    public:
        Task(std::shared_ptr<LoaderPool> pool, std::function<Clock::time_point()> step);
        // Waits while the step runs; it never runs again after.
        ~Task();

        Task(const Task&) = delete;
        Task& operator=(const Task&) = delete;

        // Any thread: runs the step as soon as a thread is free (once more after the
        // current run, if it is running).
        void wake();

    private:
        std::shared_ptr<LoaderPool> pool_;
        std::list<Entry>::iterator entry_;
    };

private:
    struct Entry
    {
        std::function<Clock::time_point()> step;
        Clock::time_point due = Clock::time_point::max(); // when to run next
        bool running = false;
        bool wokenWhileRunning = false;
    };

    void run();

    std::mutex mutex_;
    std::condition_variable changed_; // a task became due, stopped running, or quit_
    std::list<Entry> entries_;        // a list: a task keeps its entry's iterator
    bool quit_ = false;
    std::vector<std::thread> threads_;
};

} // namespace faltung
