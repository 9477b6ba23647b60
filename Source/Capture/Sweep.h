// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// The measurement signal of Farina's method (2000): an exponential sine sweep,
// whose frequency rises by the same ratio every second, played in a room and
// recorded; convolving the recording with the sweep's inverse filter gives the
// room's impulse response, with each harmonic of the loudspeaker's distortion moved
// to its own time before it.
#pragma once

#include <string>
#include <vector>

namespace faltung
{

// Everything that makes a sweep file, so that the recording of one can be
// deconvolved later: the file carries it as text (describe()/parseSweepSpec()).
struct SweepSpec
{
    double sampleRate = 48000.0;
    double startHz = 20.0;
    double endHz = 20000.0;
    double sweepSeconds = 10.0;
    double levelDb = -6.0;        // the sweep's peak, dBFS
    double fadeInSeconds = 0.3;   // raised-cosine fades at the sweep's ends, so that
    double fadeOutSeconds = 0.02; // its spectrum has no edges to ring
    double silenceSeconds = 4.0;  // after each sweep, for the room's tail
    int repeats = 1;              // sweeps in a row, averaged by the deconvolution
    bool click = false;           // a click 1 s before the first sweep, to align by eye
    bool trueStereo = false;      // two channels: every sweep on the left, then on the right

    // Throws std::invalid_argument with the reason when a value is out of range.
    void validate() const;
};

// Where things are in a sweep file, in samples.
struct SweepLayout
{
    int sweepLength = 0; // one sweep
    int period = 0;      // one sweep and its silence
    int firstSweep = 0;  // the start of the first sweep (after the lead-in and click)
    int clickAt = -1;    // the click's start, or -1
    int speakers = 1;    // 2 for true stereo: all repeats on the left, then on the right
    int repeats = 1;
    int length = 0;    // the whole file
    double rate = 0.0; // the sweep's rate constant L = T / ln(end / start), in seconds

    // The start of sweep `repeat` (0-based) from speaker `speaker` (0 = left).
    int sweepStart(int speaker, int repeat) const
    {
        return firstSweep + (speaker * repeats + repeat) * period;
    }
    // How long before the linear response the k-th harmonic's response lands after
    // deconvolution: L ln k, in seconds.
    double harmonicLeadSeconds(int k) const;
};

SweepLayout layoutOf(const SweepSpec& spec);

// One sweep: envelope(n) sin(phase(n)), with phase = 2 pi f1 L (e^(t/L) - 1) and
// the envelope the spec's level with its fades.
std::vector<float> exponentialSweep(const SweepSpec& spec);
double sweepPhase(const SweepSpec& spec, int n);
double sweepEnvelope(const SweepSpec& spec, int n);

// The whole file to play: lead-in, click, then every sweep and its silence; one
// channel, or two for true stereo.
std::vector<std::vector<float>> sweepSignal(const SweepSpec& spec);

// The sweep's inverse filter: convolving the sweep with it gives a band-limited
// impulse at sample `delay` of the result, flat where the sweep plays at full
// level and falling with its fades. Made by spectral inversion of the sweep as
// played, which in the band is Farina's time-reversed sweep with its 6 dB per
// octave envelope; outside it, nothing is amplified.
struct InverseFilter
{
    std::vector<float> taps;
    int delay = 0; // where the impulse lands in sweep (*) taps
};
InverseFilter inverseFilter(const SweepSpec& spec);

// The spec as one line of text, and back. parseSweepSpec() throws
// std::invalid_argument when the text is not one describe() wrote.
std::string describe(const SweepSpec& spec);
SweepSpec parseSweepSpec(const std::string& text);

} // namespace faltung
