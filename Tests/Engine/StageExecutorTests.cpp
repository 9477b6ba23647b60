// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// The executor that every multi-stage engine in the process shares
// (StageExecutor): the order it computes blocks in, detaching while a block runs,
// and engines that stay exact while others are built and destroyed beside them.
#include "Convolver.h"
#include "Denormals.h"
#include "StageExecutor.h"
#include "TestFiles.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <deque>
#include <future>
#include <string>
#include <thread>

using namespace faltung;
using namespace faltung::test;

namespace
{
// A client whose blocks are due at given times; it logs which it computed.
class ScriptedClient final : public StageExecutor::Client
{
public:
    ScriptedClient(std::string name, std::deque<std::int64_t> deadlines, std::vector<std::string>& log)
        : name_(std::move(name))
        , deadlines_(std::move(deadlines))
        , log_(log)
    {
    }

    std::int64_t nextDeadline() const noexcept override
    {
        return deadlines_.empty() ? kNoWork : deadlines_.front();
    }

    void runNextBlock() noexcept override
    {
        log_.push_back(name_ + std::to_string(deadlines_.front()));
        deadlines_.pop_front();
    }

private:
    std::string name_;
    std::deque<std::int64_t> deadlines_;
    std::vector<std::string>& log_;
};

EngineSpec multiStage(int B, StageScheduling scheduling)
{
    EngineSpec spec;
    spec.partitionSize = B;
    spec.latencyMode = LatencyMode::zero;
    spec.partitioning = Partitioning::multiStage;
    spec.stageScheduling = scheduling;
    return spec;
}

// Plays `in` through the engine in blocks of B, waiting for its stages after each.
std::vector<std::vector<float>> play(Convolver& engine, const std::vector<std::vector<float>>& in, int B)
{
    std::vector<std::vector<float>> out(2, std::vector<float>(in[0].size()));
    for (std::size_t pos = 0; pos + static_cast<std::size_t>(B) <= in[0].size();
         pos += static_cast<std::size_t>(B))
    {
        const float* ip[] = {in[0].data() + pos, in[1].data() + pos};
        float* op[] = {out[0].data() + pos, out[1].data() + pos};
        engine.process(ip, op, B);
    }
    return out;
}
} // namespace

TEST_CASE("The executor computes the block due first, whichever engine handed it over")
{
    StageExecutor executor(0); // no threads: runReady() computes on this thread
    std::vector<std::string> log;
    // A client's blocks come in order; across clients, by deadline.
    ScriptedClient a("a", {30, 60}, log), b("b", {10, 100}, log), c("c", {20}, log);
    for (auto* client : {&a, &b, &c})
        executor.attach(*client);
    executor.runReady();
    CHECK(log == std::vector<std::string>{"b10", "c20", "a30", "a60", "b100"});

    // A detached client is never called again.
    ScriptedClient d("d", {5}, log);
    executor.attach(d);
    executor.detach(d);
    log.clear();
    executor.runReady();
    CHECK(log.empty());
    for (auto* client : {&a, &b, &c})
        executor.detach(*client);
}

TEST_CASE("Detaching waits for the block a thread is computing")
{
    // A stage is destroyed on the loader thread while an executor thread may be
    // computing one of its blocks: detach() must not return before that block ends.
    class BlockingClient final : public StageExecutor::Client
    {
    public:
        std::int64_t nextDeadline() const noexcept override { return pending.load() ? 0 : kNoWork; }
        void runNextBlock() noexcept override
        {
            pending = false;
            entered.set_value();
            release.get_future().wait();
            finished = true;
        }
        std::atomic<bool> pending{true};
        std::promise<void> entered, release;
        std::atomic<bool> finished{false};
    };

    StageExecutor executor(1);
    BlockingClient client;
    executor.attach(client);
    executor.notify();
    client.entered.get_future().wait(); // the executor's thread is inside the block now

    std::atomic<bool> finishedWhenDetached{false};
    std::thread detacher(
        [&]
        {
            executor.detach(client);
            finishedWhenDetached = client.finished.load();
        });
    // Give a detach() that wrongly returns at once the chance to do so; a correct
    // one waits whatever the machine's speed.
    for (int i = 0; i < 1000; ++i)
        std::this_thread::yield();
    client.release.set_value();
    detacher.join();
    CHECK(finishedWhenDetached);
}

TEST_CASE("Engines sharing one executor stay exact while others are built, played and destroyed")
{
    ScopedFlushDenormals noDenormals;
    constexpr int B = 64;
    const StreamLayout layout{48000.0, B, 2, 2};
    const auto ir = randomSignal(2, 48000, 301, 0.05f);
    const auto in = randomSignal(2, 48000 * 3, 302);

    // The reference: the same engine with its stages computed inline.
    Convolver inlined;
    inlined.prepare(multiStage(B, StageScheduling::inlineCompute), layout, ir);
    const auto expected = play(inlined, in, B);

    auto executor = std::make_shared<StageExecutor>(2);
    Convolver playing;
    playing.prepare(multiStage(B, StageScheduling::workerWait), layout, ir, executor);
    REQUIRE(playing.numStages() >= 2);

    // Beside it, engines come and go on another thread, each playing a little
    // (live, so some of their blocks are late and left out) before it is destroyed,
    // as plugin instances are added and removed while a session plays.
    std::atomic<bool> done{false};
    std::atomic<int> churned{0};
    std::thread churn(
        [&]
        {
            ScopedFlushDenormals threadNoDenormals;
            const auto otherIr = randomSignal(2, 30000, 303, 0.05f);
            const auto otherIn = randomSignal(2, 32 * B, 304);
            for (int round = 0; !done.load() || round < 3; ++round)
            {
                Convolver other;
                other.prepare(multiStage(B, round % 2 == 0 ? StageScheduling::workerDropLate
                                                           : StageScheduling::workerWait),
                              layout, otherIr, executor);
                play(other, otherIn, B);
                churned.fetch_add(1);
            }
        });
    const auto out = play(playing, in, B);
    done = true;
    churn.join();

    WARN(churned.load() << " engines built, played and destroyed beside it");
    CHECK(playing.deadlineMisses() == 0);
    for (std::size_t c = 0; c < 2; ++c)
        for (std::size_t i = 0; i < out[c].size(); ++i)
            if (out[c][i] != expected[c][i])
                FAIL("channel " << c << " differs from the inline output at sample " << i);
}

TEST_CASE("Sixteen engines on the shared executor start no more threads than it has")
{
    ScopedFlushDenormals noDenormals;
    constexpr int B = 256;
    const StreamLayout layout{48000.0, B, 2, 2};
    const auto ir = randomSignal(2, 3 * 48000, 311, 0.05f);
    const auto in = randomSignal(2, 16 * B, 312);

    const auto before = StageExecutor::threadsStarted();
    std::vector<std::unique_ptr<Convolver>> engines;
    int stages = 0;
    for (int i = 0; i < 16; ++i)
    {
        engines.push_back(std::make_unique<Convolver>());
        engines.back()->prepare(multiStage(B, StageScheduling::workerWait), layout, ir);
        stages += engines.back()->numStages();
    }
    for (auto& engine : engines)
        play(*engine, in, B);
    const auto started = StageExecutor::threadsStarted() - before;
    WARN(stages << " stages in 16 engines; threads started: " << started
                << " (cores: " << StageExecutor::defaultThreadCount() << ")");
    CHECK(stages >= 32);
    CHECK(started <= static_cast<std::uint64_t>(StageExecutor::defaultThreadCount()));
}
