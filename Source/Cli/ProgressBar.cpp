// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "ProgressBar.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <unistd.h>

namespace faltung
{

namespace
{
constexpr double kShowAfterSeconds = 0.4;
constexpr int kWidth = 30;

// 75 s as "1:15", 3700 s as "1:01:40".
std::string duration(double seconds)
{
    const auto s = static_cast<long>(std::lround(std::max(seconds, 0.0)));
    char text[32];
    if (s >= 3600)
        std::snprintf(text, sizeof text, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
    else
        std::snprintf(text, sizeof text, "%ld:%02ld", s / 60, s % 60);
    return text;
}

double elapsedSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}
} // namespace

ProgressBar::ProgressBar(bool allowed)
    : enabled_(allowed && isatty(STDERR_FILENO) != 0)
    , start_(std::chrono::steady_clock::now())
{
}

ProgressBar::~ProgressBar()
{
    clear();
}

void ProgressBar::update(double fraction)
{
    char text[16];
    std::snprintf(text, sizeof text, "%3d%%", static_cast<int>(std::clamp(fraction, 0.0, 1.0) * 100.0));
    draw(fraction, text);
}

void ProgressBar::updateBatch(int filesDone, int files, double audioDone, double audio)
{
    const double fraction =
        audio > 0.0 ? audioDone / audio : static_cast<double>(filesDone) / std::max(files, 1);
    std::string text = std::to_string(filesDone) + "/" + std::to_string(files) + " files, " +
                       duration(audioDone) + " of " + duration(audio) + " audio";
    const double elapsed = elapsedSince(start_);
    if (fraction > 0.02 && fraction < 1.0)
        text += ", " + duration(elapsed * (1.0 - fraction) / fraction) + " left";
    draw(fraction, text);
}

void ProgressBar::draw(double fraction, const std::string& text)
{
    if (!enabled_ || elapsedSince(start_) < kShowAfterSeconds || (drawn_ && text == lastText_))
        return;
    lastText_ = text;
    drawn_ = true;
    const int filled = static_cast<int>(std::clamp(fraction, 0.0, 1.0) * kWidth);
    std::string bar(static_cast<std::size_t>(kWidth), '.');
    std::fill_n(bar.begin(), filled, '#');
    std::fprintf(stderr, "\rrendering [%s] %s\033[K", bar.c_str(), text.c_str());
    std::fflush(stderr);
}

void ProgressBar::clear()
{
    if (drawn_)
    {
        std::fprintf(stderr, "\r\033[K");
        std::fflush(stderr);
        drawn_ = false;
    }
}

} // namespace faltung
