// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// The background threads every instance in the process shares: the LoaderPool that
// loads IRs and builds engines, and the StageExecutor that runs the later stages of
// multi-stage engines. Many instances must not mean many threads.
#include "LoaderPool.h"
#include "PluginTestUtilities.h"
#include "StageExecutor.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <future>
#include <thread>

using namespace faltung;
using namespace faltung::test;

namespace
{
using Clock = LoaderPool::Clock;
}

TEST_CASE("A loader task runs on one thread at a time, and a wake while it runs runs it again")
{
    auto pool = std::make_shared<LoaderPool>(2);
    std::atomic<int> running{0}, mostAtOnce{0}, runs{0};
    std::promise<void> firstEntered, release, secondRun;
    auto released = release.get_future().share();
    LoaderPool::Task task(pool,
                          [&]
                          {
                              mostAtOnce = std::max(mostAtOnce.load(), ++running);
                              const int run = ++runs;
                              if (run == 1)
                              {
                                  firstEntered.set_value();
                                  released.wait();
                              }
                              else if (run == 2)
                                  secondRun.set_value();
                              --running;
                              return Clock::time_point::max(); // not again until woken
                          });
    task.wake();
    firstEntered.get_future().wait();
    // Woken three times while it runs: the other thread must not take it up, and
    // once the run ends it runs again (the wakes are not lost).
    for (int i = 0; i < 3; ++i)
        task.wake();
    release.set_value();
    secondRun.get_future().wait();
    CHECK(mostAtOnce == 1);
}

TEST_CASE("A loader task that asks to run later runs no earlier")
{
    auto pool = std::make_shared<LoaderPool>(1);
    std::vector<Clock::time_point> times;
    std::promise<void> done;
    LoaderPool::Task task(pool,
                          [&]
                          {
                              times.push_back(Clock::now());
                              if (times.size() == 2)
                              {
                                  done.set_value();
                                  return Clock::time_point::max();
                              }
                              return times.back() + std::chrono::milliseconds(100);
                          });
    task.wake();
    done.get_future().wait();
    CHECK(times[1] - times[0] >= std::chrono::milliseconds(100));
}

TEST_CASE("Destroying a loader task waits for the step it is running")
{
    auto pool = std::make_shared<LoaderPool>(1);
    std::promise<void> entered, release;
    std::atomic<bool> finished{false};
    auto task = std::make_unique<LoaderPool::Task>(pool,
                                                   [&]
                                                   {
                                                       entered.set_value();
                                                       release.get_future().wait();
                                                       finished = true;
                                                       return Clock::time_point::max();
                                                   });
    task->wake();
    entered.get_future().wait();
    std::atomic<bool> finishedWhenDestroyed{false};
    std::thread destroyer(
        [&]
        {
            task.reset();
            finishedWhenDestroyed = finished.load();
        });
    // Give a destructor that wrongly returns at once the chance to do so; a correct
    // one waits whatever the machine's speed.
    for (int i = 0; i < 1000; ++i)
        std::this_thread::yield();
    release.set_value();
    destroyer.join();
    CHECK(finishedWhenDestroyed);
}

// Found by AddressSanitizer in CI: a pool thread sleeping until a task's next run
// read that time again when it woke, after the task and its entry were gone. The
// order here is forced, not timed; the sanitizer build reports the stale read.
TEST_CASE("A task destroyed while a thread sleeps until its next run leaves nothing behind to read")
{
    auto pool = std::make_shared<LoaderPool>(1);
    std::promise<void> ran;
    auto sleeper = std::make_unique<LoaderPool::Task>(pool,
                                                      [&]
                                                      {
                                                          ran.set_value();
                                                          return Clock::now() + std::chrono::hours(1);
                                                      });
    sleeper->wake();
    ran.get_future().wait();
    // The destructor takes the pool's lock once the step has ended, and the one
    // thread gives it up only to sleep until this task's next run, an hour away.
    sleeper.reset();

    std::promise<void> otherRan;
    LoaderPool::Task other(pool,
                           [&]
                           {
                               otherRan.set_value();
                               return Clock::time_point::max();
                           });
    other.wake(); // wakes the sleeping thread
    CHECK(otherRan.get_future().wait_for(std::chrono::seconds(30)) == std::future_status::ready);
}

TEST_CASE("Sixteen instances restoring a session at once start no more threads than the shared pools have")
{
    juce::ScopedJuceInitialiser_GUI juce;
    // A session's state, with a multi-stage IR (the Cathedral, played in partitions
    // of 64, goes multi-stage).
    juce::MemoryBlock state;
    {
        FaltungProcessor source;
        source.loadImpulseResponse(IrSource::factory("cathedral"));
        setParameter(source, params::partitionSize, params::partitionStepValue(0)); // 64
        REQUIRE(source.waitForImpulseResponse(30000));
        source.getStateInformation(state);
    }

    const auto loaderThreads = LoaderPool::threadsStarted();
    const auto stageThreads = StageExecutor::threadsStarted();
    std::vector<std::unique_ptr<FaltungProcessor>> instances;
    for (int i = 0; i < 16; ++i)
    {
        instances.push_back(std::make_unique<FaltungProcessor>());
        instances.back()->prepareToPlay(48000.0, 64);
    }
    for (auto& p : instances) // as a host opening the session does
        p->setStateInformation(state.getData(), static_cast<int>(state.getSize()));
    for (auto& p : instances)
    {
        settle(*p, 48000.0, 64);
        CHECK(p->loadedImpulseResponse().name == "Cathedral");
        CHECK(p->impulseResponseError().empty());
    }
    const auto startedForLoading = LoaderPool::threadsStarted() - loaderThreads;
    const auto startedForStages = StageExecutor::threadsStarted() - stageThreads;
    WARN("threads started by 16 instances: " << startedForLoading << " to load, " << startedForStages
                                             << " for later stages; cores: "
                                             << StageExecutor::defaultThreadCount());
    // The pools may already exist (other tests in this process): then none at all.
    CHECK(startedForLoading <= static_cast<std::uint64_t>(LoaderPool::kDefaultThreads));
    CHECK(startedForStages <= static_cast<std::uint64_t>(StageExecutor::defaultThreadCount()));
}
