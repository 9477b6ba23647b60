// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include <string>
#include <vector>

namespace faltung
{

// Which input feeds which output through which kernel.
//
// An impulse response has 1, 2 or 4 channels. Four channels are a true-stereo IR
// in the order LL, LR, RL, RR, where "LR" is the response at the right output to
// the left input. The engine computes one spectrum history per input and one
// inverse FFT per output, and a multiply-accumulate pass per path, so true stereo
// costs two forward FFTs, four passes and two inverse FFTs per block.
//
// Kernel channels are linear mixes of the IR's channels, built once when the
// engine is prepared; that is how a stereo IR plays on a mono track (the mix of
// both channels) without extra work per block.
struct Routing
{
    struct Path
    {
        int input;
        int output;
        int kernelChannel;
    };

    struct Term
    {
        int irChannel;
        float gain;
    };

    int numInputs = 0;
    int numOutputs = 0;
    std::vector<std::vector<Term>> kernelChannels; // each kernel channel as a mix of IR channels
    std::vector<Path> paths;

    // Set when both outputs carry the same signal (a mono IR on a mono-to-stereo
    // engine): the engine computes output 0 and copies it, instead of doing the
    // same work twice.
    bool secondOutputMirrorsFirst = false;

    // The routing for an engine with 1 or 2 inputs and outputs and an IR of 1, 2 or
    // 4 channels. Throws std::invalid_argument for anything else.
    static Routing forChannels(int numInputs, int numOutputs, int numIrChannels);

    // "mono", "stereo", "mono to stereo", "true stereo", ... for messages.
    std::string describe() const;
};

} // namespace faltung
