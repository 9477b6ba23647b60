// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include <string>
#include <vector>

namespace faltung
{

class AudioFileReader;

// An impulse response as loaded: 1, 2 or 4 channels of equal length (4 = true
// stereo: LL, LR, RL, RR), finite, not silent.
struct ImpulseResponse
{
    std::string name;   // for display and messages: the file name or the factory IR's name
    std::string format; // what it was decoded from, such as "WAV, 24-bit PCM"
    double sampleRate = 0.0;
    std::vector<std::vector<float>> channels;

    int numChannels() const noexcept { return static_cast<int>(channels.size()); }
    int length() const noexcept { return channels.empty() ? 0 : static_cast<int>(channels[0].size()); }
    double seconds() const noexcept { return sampleRate > 0 ? length() / sampleRate : 0.0; }
};

struct IrLimits
{
    double maxSeconds = 60.0; // longer files are refused: almost certainly not an IR
    // Louder files are refused: damaged (found by the IR fuzzer: samples near the
    // float maximum, finite, overflowed the analysis filters and any convolution).
    // An unnormalised measurement in float may exceed full scale, never by 120 dB.
    double maxPeakDbfs = 120.0;
};

// Loads and checks an IR; throws AudioFileError with the reason (see
// AudioFileIo.h) for a missing, unreadable, non-audio, empty, silent, non-finite,
// absurdly loud or over-long file or one with a channel count other than 1, 2 or 4.
ImpulseResponse loadImpulseResponse(const std::string& path, const IrLimits& limits = {});
ImpulseResponse loadImpulseResponse(AudioFileReader& reader, const IrLimits& limits = {});

// Two mono files, the left and the right channel of one stereo IR (as many
// libraries ship them: room_L.wav and room_R.wav). They must have the same sample
// rate; the shorter is padded with silence.
ImpulseResponse loadImpulseResponsePair(const std::string& leftPath, const std::string& rightPath,
                                        const IrLimits& limits = {});

// The other file of a left/right pair (room_L.wav <-> room_R.wav; also -L/-R,
// .L/.R, " L"/" R" and _left/_right, in either case), or "" when the name does not
// follow such a pattern or the other file does not exist.
std::string findStereoPartner(const std::string& path);

// The IR at another sample rate with its loudness kept: at a higher rate the same
// room has more taps, so each is scaled by fromRate / toRate, and a signal played
// through it comes out equally loud at 44.1, 48, 96 or 192 kHz.
ImpulseResponse resampledTo(const ImpulseResponse& ir, double sampleRate);

// The gain that gives the IR unit energy per output channel, so that white noise
// keeps its level through it and switching IRs keeps the loudness.
float energyNormalisationGain(const ImpulseResponse& ir);

void applyGain(ImpulseResponse& ir, float gain);

} // namespace faltung
