// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include <chrono>

namespace faltung
{

// A one-line progress bar on stderr, drawn only when stderr is a terminal and the
// job has run for more than a moment, so quick renders and logs stay clean.
class ProgressBar
{
public:
    explicit ProgressBar(bool allowed);
    ~ProgressBar();

    void update(double fraction);
    void finish();

private:
    bool enabled_;
    bool drawn_ = false;
    int lastPercent_ = -1;
    std::chrono::steady_clock::time_point start_;
};

} // namespace faltung
