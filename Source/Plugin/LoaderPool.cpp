// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "LoaderPool.h"

#include <atomic>

#if defined(__linux__)
#include <pthread.h>
#endif

namespace faltung
{

namespace
{
std::atomic<std::uint64_t> startedThreads{0};
}

LoaderPool::LoaderPool(int threads)
{
    for (int i = 0; i < threads; ++i)
    {
        threads_.emplace_back([this] { run(); });
        startedThreads.fetch_add(1, std::memory_order_relaxed);
    }
}

LoaderPool::~LoaderPool()
{
    {
        std::lock_guard lock(mutex_);
        quit_ = true;
    }
    changed_.notify_all();
    for (auto& thread : threads_)
        thread.join();
}

std::shared_ptr<LoaderPool> LoaderPool::shared()
{
    static std::mutex mutex;
    static std::weak_ptr<LoaderPool> instance;
    std::lock_guard lock(mutex);
    auto pool = instance.lock();
    if (pool == nullptr)
    {
        pool = std::make_shared<LoaderPool>(kDefaultThreads);
        instance = pool;
    }
    return pool;
}

std::uint64_t LoaderPool::threadsStarted() noexcept
{
    return startedThreads.load(std::memory_order_relaxed);
}

LoaderPool::Task::Task(std::shared_ptr<LoaderPool> pool, std::function<Clock::time_point()> step)
    : pool_(std::move(pool))
{
    std::lock_guard lock(pool_->mutex_);
    entry_ = pool_->entries_.insert(pool_->entries_.end(), Entry{std::move(step)});
}

LoaderPool::Task::~Task()
{
    std::unique_lock lock(pool_->mutex_);
    pool_->changed_.wait(lock, [this] { return !entry_->running; });
    pool_->entries_.erase(entry_);
}

void LoaderPool::Task::wake()
{
    {
        std::lock_guard lock(pool_->mutex_);
        if (entry_->running)
        {
            entry_->wokenWhileRunning = true;
            return;
        }
        entry_->due = Clock::time_point::min();
    }
    pool_->changed_.notify_all();
}

void LoaderPool::run()
{
#if defined(__linux__)
    pthread_setname_np(pthread_self(), "faltung-loader");
#endif
    std::unique_lock lock(mutex_);
    while (!quit_)
    {
        // The task due first; among those due now, the one waiting longest.
        auto next = entries_.end();
        for (auto it = entries_.begin(); it != entries_.end(); ++it)
            if (!it->running && (next == entries_.end() || it->due < next->due))
                next = it;
        const auto now = Clock::now();
        if (next == entries_.end() || next->due > now)
        {
            if (next == entries_.end() || next->due == Clock::time_point::max())
            {
                changed_.wait(lock);
            }
            else
            {
                // A copy: wait_until reads the time again after it wakes, and the
                // task, with its entry, may have been destroyed while it slept.
                const auto due = next->due;
                changed_.wait_until(lock, due);
            }
            continue;
        }

        next->running = true;
        next->wokenWhileRunning = false;
        lock.unlock();
        const auto due = next->step();
        lock.lock();
        next->running = false;
        next->due = next->wokenWhileRunning ? Clock::time_point::min() : due;
        // Tasks being destroyed wait for this one, and a thread sleeping until a
        // later time may now have an earlier one.
        changed_.notify_all();
    }
}

} // namespace faltung
