// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "StageExecutor.h"

#include "Denormals.h"

#include <algorithm>
#include <chrono>

#if defined(__linux__)
#include <pthread.h>
#include <sched.h>
#endif

namespace faltung
{

namespace
{
std::atomic<std::uint64_t> startedThreads{0};

// The lowest real-time priority: above every normal thread, below any audio
// thread. Without the permission the threads run at normal priority.
void raiseThreadPriority()
{
#if defined(__linux__)
    sched_param param{};
    param.sched_priority = sched_get_priority_min(SCHED_FIFO);
    pthread_setschedparam(pthread_self(), SCHED_FIFO, &param);
    pthread_setname_np(pthread_self(), "faltung-stages");
#endif
}
} // namespace

StageExecutor::StageExecutor(int threads)
{
    for (int i = 0; i < threads; ++i)
    {
        threads_.emplace_back([this] { run(); });
        startedThreads.fetch_add(1, std::memory_order_relaxed);
    }
}

StageExecutor::~StageExecutor()
{
    {
        std::lock_guard lock(mutex_);
        quit_ = true;
    }
    wake_.fetch_add(1, std::memory_order_release);
    wake_.notify_all();
    for (auto& thread : threads_)
        thread.join();
}

std::shared_ptr<StageExecutor> StageExecutor::shared()
{
    static std::mutex mutex;
    static std::weak_ptr<StageExecutor> instance;
    std::lock_guard lock(mutex);
    auto executor = instance.lock();
    if (executor == nullptr)
    {
        executor = std::make_shared<StageExecutor>(defaultThreadCount());
        instance = executor;
    }
    return executor;
}

int StageExecutor::defaultThreadCount() noexcept
{
#if defined(__linux__)
    cpu_set_t cpus;
    if (sched_getaffinity(0, sizeof cpus, &cpus) == 0)
        return std::max(1, CPU_COUNT(&cpus));
#endif
    return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

std::int64_t StageExecutor::nowNanoseconds() noexcept
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

std::uint64_t StageExecutor::threadsStarted() noexcept
{
    return startedThreads.load(std::memory_order_relaxed);
}

void StageExecutor::attach(Client& client)
{
    std::lock_guard lock(mutex_);
    clients_.push_back(&client);
}

void StageExecutor::detach(Client& client)
{
    std::unique_lock lock(mutex_);
    finished_.wait(lock, [&] { return !client.running_; });
    std::erase(clients_, &client);
}

void StageExecutor::notify() noexcept
{
    wake_.fetch_add(1, std::memory_order_release);
    wake_.notify_one();
}

StageExecutor::Client* StageExecutor::claimEarliest()
{
    Client* earliest = nullptr;
    std::int64_t earliestDeadline = Client::kNoWork;
    for (Client* client : clients_)
        if (!client->running_)
            if (const std::int64_t deadline = client->nextDeadline(); deadline < earliestDeadline)
            {
                earliest = client;
                earliestDeadline = deadline;
            }
    if (earliest != nullptr)
        earliest->running_ = true;
    return earliest;
}

void StageExecutor::finish(Client& client)
{
    client.running_ = false;
    finished_.notify_all();
}

void StageExecutor::runReady()
{
    ScopedFlushDenormals noDenormals;
    std::unique_lock lock(mutex_);
    while (Client* client = claimEarliest())
    {
        lock.unlock();
        client->runNextBlock();
        lock.lock();
        finish(*client);
    }
}

void StageExecutor::run()
{
    ScopedFlushDenormals noDenormals;
    raiseThreadPriority();
    std::unique_lock lock(mutex_);
    while (!quit_)
    {
        // Read before looking for work: a block handed over after the look changes
        // the word, and the wait below returns at once instead of sleeping on it.
        const std::uint32_t seen = wake_.load(std::memory_order_acquire);
        if (Client* client = claimEarliest())
        {
            lock.unlock();
            client->runNextBlock();
            lock.lock();
            finish(*client);
            continue;
        }
        lock.unlock();
        wake_.wait(seen, std::memory_order_acquire);
        lock.lock();
    }
}

} // namespace faltung
