// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "Routing.h"

#include <stdexcept>

namespace faltung
{

namespace
{
enum Ir4 // channel order of a true-stereo IR
{
    LL = 0,
    LR = 1,
    RL = 2,
    RR = 3,
};
} // namespace

Routing Routing::forChannels(int numInputs, int numOutputs, int numIrChannels)
{
    if (numInputs < 1 || numInputs > 2 || numOutputs < 1 || numOutputs > 2)
        throw std::invalid_argument("the engine takes 1 or 2 inputs and 1 or 2 outputs");
    if (numIrChannels != 1 && numIrChannels != 2 && numIrChannels != 4)
        throw std::invalid_argument("an impulse response must have 1, 2 or 4 channels, not " +
                                    std::to_string(numIrChannels));

    Routing r;
    r.numInputs = numInputs;
    r.numOutputs = numOutputs;
    const int shape = numInputs * 10 + numOutputs;

    if (numIrChannels == 1)
    {
        // One kernel for every path; a downmix to one output halves each input.
        const float gain = numInputs > numOutputs ? 0.5f : 1.0f;
        r.kernelChannels = {{{0, gain}}};
        switch (shape)
        {
            case 11:
                r.paths = {{0, 0, 0}};
                break;
            case 12:
                r.paths = {{0, 0, 0}};
                r.secondOutputMirrorsFirst = true;
                break;
            case 21:
                r.paths = {{0, 0, 0}, {1, 0, 0}};
                break;
            default:
                r.paths = {{0, 0, 0}, {1, 1, 0}};
                break;
        }
    }
    else if (numIrChannels == 2)
    {
        switch (shape)
        {
            case 11:
                r.kernelChannels = {{{0, 0.5f}, {1, 0.5f}}};
                r.paths = {{0, 0, 0}};
                break;
            case 21:
                r.kernelChannels = {{{0, 0.5f}}, {{1, 0.5f}}};
                r.paths = {{0, 0, 0}, {1, 0, 1}};
                break;
            default: // 12: mono to stereo; 22: left to left, right to right
                r.kernelChannels = {{{0, 1.0f}}, {{1, 1.0f}}};
                r.paths = {{0, 0, 0}, {numInputs - 1, 1, 1}};
                break;
        }
    }
    else
    {
        switch (shape)
        {
            case 11: // a mono source feeds both inputs; the outputs are averaged
                r.kernelChannels = {{{LL, 0.5f}, {LR, 0.5f}, {RL, 0.5f}, {RR, 0.5f}}};
                r.paths = {{0, 0, 0}};
                break;
            case 12:
                r.kernelChannels = {{{LL, 1.0f}, {RL, 1.0f}}, {{LR, 1.0f}, {RR, 1.0f}}};
                r.paths = {{0, 0, 0}, {0, 1, 1}};
                break;
            case 21:
                r.kernelChannels = {{{LL, 0.5f}, {LR, 0.5f}}, {{RL, 0.5f}, {RR, 0.5f}}};
                r.paths = {{0, 0, 0}, {1, 0, 1}};
                break;
            default: // true stereo
                r.kernelChannels = {{{LL, 1.0f}}, {{LR, 1.0f}}, {{RL, 1.0f}}, {{RR, 1.0f}}};
                r.paths = {{0, 0, LL}, {0, 1, LR}, {1, 0, RL}, {1, 1, RR}};
                break;
        }
    }
    return r;
}

std::string Routing::describe() const
{
    if (paths.size() == 4)
        return "true stereo";
    if (numInputs == 1 && numOutputs == 1)
        return "mono";
    if (numInputs == 1)
        return "mono to stereo";
    if (numOutputs == 1)
        return "stereo to mono";
    return "stereo";
}

} // namespace faltung
