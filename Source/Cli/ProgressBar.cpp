// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "ProgressBar.h"

#include <algorithm>
#include <cstdio>
#include <unistd.h>

namespace faltung
{

namespace
{
constexpr double kShowAfterSeconds = 0.4;
constexpr int kWidth = 40;
} // namespace

ProgressBar::ProgressBar(bool allowed)
    : enabled_(allowed && isatty(STDERR_FILENO) != 0)
    , start_(std::chrono::steady_clock::now())
{
}

ProgressBar::~ProgressBar()
{
    finish();
}

void ProgressBar::update(double fraction)
{
    if (!enabled_)
        return;
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    const int percent = static_cast<int>(std::clamp(fraction, 0.0, 1.0) * 100.0);
    if (elapsed < kShowAfterSeconds || percent == lastPercent_)
        return;
    lastPercent_ = percent;
    drawn_ = true;
    const int filled = percent * kWidth / 100;
    char bar[kWidth + 1];
    for (int i = 0; i < kWidth; ++i)
        bar[i] = i < filled ? '#' : '.';
    bar[kWidth] = '\0';
    std::fprintf(stderr, "\rrendering [%s] %3d%%", bar, percent);
    std::fflush(stderr);
}

void ProgressBar::finish()
{
    if (drawn_)
    {
        std::fprintf(stderr, "\r%*s\r", kWidth + 20, "");
        std::fflush(stderr);
        drawn_ = false;
    }
}

} // namespace faltung
