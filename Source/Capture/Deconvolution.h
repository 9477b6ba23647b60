// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// From the recording of a sweep file (Sweep.h) to an impulse response: the repeats
// averaged, deconvolved with the sweep's inverse filter (and, with a loopback
// channel, divided by the interface's own response), the loudspeaker's harmonic
// distortion measured where it lands before the linear response and cut away, the
// onset aligned, the tail faded where it meets the noise (Lundeby), normalised.
#pragma once

#include "Sweep.h"

#include <stdexcept>
#include <vector>

namespace faltung
{

// A recording that cannot give an IR, with the reason in words a user can act on.
class CaptureError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

struct CaptureOptions
{
    // The recording's channel (0-based) that carries the interface's loopback: its
    // output wired back to an input. Its response is the interface's own (latency
    // and frequency response), which is divided out. -1: none.
    int loopbackChannel = -1;
    // The longest IR kept, in seconds; 0: as long as the silence after the sweep allows.
    double maxSeconds = 0.0;
    bool normalise = true; // joint peak at -1 dBFS
};

// A harmonic of the loudspeaker's (or amplifier's) distortion, as deconvolution
// separates it: the k-th lands L ln k before the linear response.
struct HarmonicReport
{
    int order = 0;
    double predictedSeconds = 0.0; // before the linear response's peak
    double foundSeconds = 0.0;     // where its peak is, before the linear response's peak
    double levelDb = 0.0;          // its energy against the linear response's, in equal windows
    bool belowNoise = false;       // not told apart from the noise: levelDb is the noise's level there
};

struct CaptureReport
{
    double peakToNoiseDb = 0.0; // the IR's peak power against the noise past its end
    // The interface's latency (the loopback's peak) with a loopback; without one,
    // where the response begins (first sample within 20 dB of the peak), which
    // includes the sound's flight from the loudspeaker to the microphone.
    int latencySamples = 0;
    double latencySeconds = 0.0;
    double distortionDb = 0.0;         // all harmonics together against the linear response
    bool distortionBelowNoise = false; // every harmonic within the noise: distortionDb is its level
    std::vector<HarmonicReport> harmonics;
    double rt60Seconds = 0.0;  // broadband, NaN when not measurable
    double noiseSeconds = 0.0; // where the decay met the noise: the IR's length
    int repeatsAveraged = 1;
    bool loopback = false;
    double gainDb = 0.0; // the normalisation's
};

struct CaptureResult
{
    std::vector<std::vector<float>> ir; // 1 or 2 channels, or 4 (LL, LR, RL, RR) for true stereo
    double sampleRate = 0.0;
    CaptureReport report;
};

// The recording's channels (equal length) at `sampleRate`: one or two microphones,
// plus the loopback channel if options name one. Throws CaptureError for a
// recording that cannot give an IR: another sample rate, too short, clipped, no
// sweep in it, or a response too close to the noise.
CaptureResult deconvolveSweepRecording(const std::vector<std::vector<float>>& recording, double sampleRate,
                                       const SweepSpec& spec, const CaptureOptions& options = {});

} // namespace faltung
