// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include <atomic>
#include <thread>

namespace faltung
{

// Ctrl-C (SIGINT), SIGTERM and SIGHUP as a flag that renders check between blocks,
// so that an interrupted render removes its unfinished output files before the
// program exits, instead of dying with them half written.
//
// Construct it on the main thread before starting any other: it blocks the signals
// in the calling thread (threads started later inherit that) and waits for them on
// a thread of its own. Destruction restores the signal mask.
class Interrupt
{
public:
    Interrupt();
    ~Interrupt();

    Interrupt(const Interrupt&) = delete;
    Interrupt& operator=(const Interrupt&) = delete;

    const std::atomic<bool>& flag() const noexcept { return interrupted_; }
    // The signal that came, or 0; exit with 128 + it, as a shell expects.
    int signal() const noexcept { return signal_.load(); }

private:
    std::atomic<bool> interrupted_{false};
    std::atomic<int> signal_{0};
    std::thread watcher_;
};

} // namespace faltung
