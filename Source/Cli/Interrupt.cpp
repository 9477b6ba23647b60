// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "Interrupt.h"

#include <csignal>
#include <pthread.h>

namespace faltung
{

namespace
{
// SIGUSR2 is not an interrupt: it tells the watcher to finish.
constexpr int kStopWatching = SIGUSR2;

sigset_t watchedSignals()
{
    sigset_t set;
    sigemptyset(&set);
    for (int s : {SIGINT, SIGTERM, SIGHUP, kStopWatching})
        sigaddset(&set, s);
    return set;
}
} // namespace

Interrupt::Interrupt()
{
    const auto set = watchedSignals();
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    watcher_ = std::thread(
        [this, set]
        {
            for (;;)
            {
                int s = 0;
                if (sigwait(&set, &s) != 0 || s == kStopWatching)
                    return;
                if (signal_.load() == 0)
                    signal_ = s;
                interrupted_ = true;
            }
        });
}

Interrupt::~Interrupt()
{
    pthread_kill(watcher_.native_handle(), kStopWatching);
    watcher_.join();
    const auto set = watchedSignals();
    pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
}

} // namespace faltung
