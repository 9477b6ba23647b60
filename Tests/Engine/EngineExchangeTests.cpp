// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "EngineExchange.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

using namespace faltung;

namespace
{
struct Counted
{
    static inline std::atomic<int> alive{0};
    int value;
    explicit Counted(int v)
        : value(v)
    {
        ++alive;
    }
    ~Counted() { --alive; }
};
} // namespace

TEST_CASE("Only the newest published object is picked up, and the ones skipped are freed")
{
    {
        EngineExchange<Counted> exchange;
        exchange.publish(std::make_unique<Counted>(1));
        exchange.publish(std::make_unique<Counted>(2));
        CHECK(Counted::alive == 1);
        Counted* taken = exchange.takePending();
        REQUIRE(taken != nullptr);
        CHECK(taken->value == 2);
        CHECK(exchange.takePending() == nullptr);
        CHECK(exchange.retire(taken));
        CHECK(Counted::alive == 1);
        CHECK(exchange.collectRetired() == 1);
        CHECK(Counted::alive == 0);
        exchange.publish(std::make_unique<Counted>(3)); // left pending: freed by the destructor
    }
    CHECK(Counted::alive == 0);
}

TEST_CASE("The retire ring refuses when full and accepts again once collected")
{
    EngineExchange<Counted, 3> exchange;
    CHECK(exchange.retire(new Counted(1)));
    CHECK(exchange.retire(new Counted(2)));
    CHECK(exchange.retire(new Counted(3)));
    CHECK_FALSE(exchange.canRetire());
    auto* extra = new Counted(4);
    CHECK_FALSE(exchange.retire(extra));
    CHECK(exchange.collectRetired() == 3);
    CHECK(exchange.retire(extra));
    CHECK(exchange.collectRetired() == 1);
    CHECK(Counted::alive == 0);
}

TEST_CASE("Publisher, audio thread and collector on three threads lose and leak nothing")
{
    constexpr int kObjects = 20000;
    {
        EngineExchange<Counted, 8> exchange;
        std::atomic<bool> done{false};
        std::atomic<int> taken{0};
        std::thread audio(
            [&]
            {
                Counted* current = nullptr;
                while (!done || exchange.hasPending())
                {
                    if (Counted* next = exchange.takePending())
                    {
                        ++taken;
                        if (current != nullptr)
                            while (!exchange.retire(current))
                                std::this_thread::yield();
                        current = next;
                    }
                }
                if (current != nullptr)
                    while (!exchange.retire(current))
                        std::this_thread::yield();
            });
        std::thread collector(
            [&]
            {
                while (!done)
                    exchange.collectRetired();
            });
        for (int i = 0; i < kObjects; ++i)
            exchange.publish(std::make_unique<Counted>(i));
        while (exchange.hasPending())
            std::this_thread::yield();
        done = true;
        audio.join();
        collector.join();
        exchange.collectRetired();
        CHECK(taken > 0);
    }
    CHECK(Counted::alive == 0);
}
