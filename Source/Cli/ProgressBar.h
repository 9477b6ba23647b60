// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include <chrono>
#include <string>

namespace faltung
{

// A one-line progress bar on stderr, drawn only when stderr is a terminal and the
// job has run for more than a moment, so quick renders and logs stay clean. One
// thread draws it.
class ProgressBar
{
public:
    explicit ProgressBar(bool allowed);
    ~ProgressBar();

    // One file: the fraction done.
    void update(double fraction);
    // A batch: files done (rendered or failed), and seconds of input audio done,
    // with the time left estimated from the pace so far.
    void updateBatch(int filesDone, int files, double audioDone, double audio);
    // Takes the bar off the line, so that a message can be printed there; the next
    // update draws it again.
    void clear();
    void finish() { clear(); }

private:
    void draw(double fraction, const std::string& text);

    bool enabled_;
    bool drawn_ = false;
    std::string lastText_;
    std::chrono::steady_clock::time_point start_;
};

} // namespace faltung
