// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include <algorithm>
#include <chrono>
#include <ctime>

namespace faltung::test
{

// Times calls on one thread two ways. CPU time (the calling thread's own) shows work
// that landed on the thread, and is what bounds are checked on: a busy machine that
// preempts the thread does not inflate it. Wall time, which preemption does inflate
// (hundreds of ms on 2 loaded cores), is reported beside it, and only a call that
// waited for seconds stands out in it.
class CallTimer
{
public:
    template <typename Call>
    void time(Call&& call)
    {
        const auto wallStart = std::chrono::steady_clock::now();
        const double cpuStart = threadCpuMs();
        call();
        worstCpuMs_ = std::max(worstCpuMs_, threadCpuMs() - cpuStart);
        worstWallMs_ = std::max(
            worstWallMs_,
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - wallStart).count());
    }

    double worstCpuMs() const noexcept { return worstCpuMs_; }
    double worstWallMs() const noexcept { return worstWallMs_; }

private:
    static double threadCpuMs() noexcept
    {
        timespec t{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
        return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) * 1e-6;
    }

    double worstCpuMs_ = 0.0;
    double worstWallMs_ = 0.0;
};

} // namespace faltung::test
