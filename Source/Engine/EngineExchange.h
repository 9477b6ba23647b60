// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <memory>

namespace faltung
{

// Hands objects built on one thread (the loader) to the audio thread and takes
// them back when the audio thread is done with them, without locks or allocation
// on the audio side.
//
//   - A single slot holds the newest object not yet picked up. Publishing over an
//     object the audio thread never took frees that one on the publishing thread:
//     only the newest matters.
//   - A retire ring (single producer: the audio thread; single consumer: the
//     thread that calls collectRetired()) takes objects the audio thread has
//     finished with, so that they are destroyed elsewhere.
//
// T's destructor never runs on the audio thread.
template <typename T, std::size_t RetireCapacity = 16>
class EngineExchange
{
public:
    EngineExchange() = default;
    ~EngineExchange()
    {
        delete pending_.exchange(nullptr);
        collectRetired();
    }
    EngineExchange(const EngineExchange&) = delete;
    EngineExchange& operator=(const EngineExchange&) = delete;

    // Any non-audio thread.
    void publish(std::unique_ptr<T> object)
    {
        delete pending_.exchange(object.release(), std::memory_order_acq_rel);
    }

    // Audio thread: the newest published object, or nullptr. The caller owns it
    // and must hand it back through retire().
    T* takePending() noexcept { return pending_.exchange(nullptr, std::memory_order_acq_rel); }

    bool hasPending() const noexcept { return pending_.load(std::memory_order_acquire) != nullptr; }

    // Audio thread: false (and nothing done) when the ring is full; try again later.
    bool retire(T* object) noexcept
    {
        const auto write = write_.load(std::memory_order_relaxed);
        const auto next = (write + 1) % ring_.size();
        if (next == read_.load(std::memory_order_acquire))
            return false;
        ring_[write] = object;
        write_.store(next, std::memory_order_release);
        return true;
    }

    bool canRetire() const noexcept
    {
        return (write_.load(std::memory_order_relaxed) + 1) % ring_.size() !=
               read_.load(std::memory_order_acquire);
    }

    // Any thread: objects retired and not yet collected.
    bool hasRetired() const noexcept
    {
        return read_.load(std::memory_order_acquire) != write_.load(std::memory_order_acquire);
    }

    // The consuming thread: destroys everything retired so far. Returns how many.
    int collectRetired()
    {
        int count = 0;
        auto read = read_.load(std::memory_order_relaxed);
        while (read != write_.load(std::memory_order_acquire))
        {
            delete ring_[read];
            ring_[read] = nullptr;
            read = (read + 1) % ring_.size();
            read_.store(read, std::memory_order_release);
            ++count;
        }
        return count;
    }

private:
    std::atomic<T*> pending_{nullptr};
    std::array<T*, RetireCapacity + 1> ring_{};
    std::atomic<std::size_t> write_{0};
    std::atomic<std::size_t> read_{0};
};

} // namespace faltung
