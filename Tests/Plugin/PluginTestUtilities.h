// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include "FaltungProcessor.h"

#include <catch2/catch.hpp>
#include <juce_audio_processors/juce_audio_processors.h>

#include <random>

namespace faltung::test
{

// Sets a parameter by its ID to a value in its own units (dB, %, Hz, choice index),
// as a host would.
inline void setParameter(FaltungProcessor& p, const juce::ParameterID& id, float value)
{
    auto* parameter = p.parameters().getParameter(id.getParamID());
    parameter->setValueNotifyingHost(parameter->convertTo0to1(value));
}

inline float parameterValue(FaltungProcessor& p, const juce::ParameterID& id)
{
    return p.parameters().getRawParameterValue(id.getParamID())->load();
}

// Lets the loader finish and the audio thread pick up what it built: waits for the
// loader, then processes silence for longer than the engine crossfade.
inline void settle(FaltungProcessor& p, double sampleRate, int blockSize)
{
    p.updateEngineAndLatency();
    REQUIRE(p.waitForImpulseResponse(30000));
    juce::AudioBuffer<float> silence(2, blockSize);
    juce::MidiBuffer midi;
    for (int done = 0; done < static_cast<int>(0.1 * sampleRate); done += blockSize)
    {
        silence.clear();
        p.processBlock(silence, midi);
    }
    p.updateEngineAndLatency();
}

inline juce::AudioBuffer<float> noiseBuffer(int channels, int length, unsigned seed)
{
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> dist(-0.5f, 0.5f);
    juce::AudioBuffer<float> b(channels, length);
    for (int c = 0; c < channels; ++c)
        for (int i = 0; i < length; ++i)
            b.setSample(c, i, dist(rng));
    return b;
}

// Processes `in` through the plugin in blocks of blockSize; returns the output.
inline juce::AudioBuffer<float> processAll(FaltungProcessor& p, const juce::AudioBuffer<float>& in,
                                           int blockSize)
{
    const int channels = juce::jmax(p.getTotalNumInputChannels(), p.getTotalNumOutputChannels());
    juce::AudioBuffer<float> out(channels, in.getNumSamples());
    out.clear();
    for (int c = 0; c < in.getNumChannels(); ++c)
        out.copyFrom(c, 0, in, c, 0, in.getNumSamples());
    juce::MidiBuffer midi;
    for (int pos = 0; pos < in.getNumSamples(); pos += blockSize)
    {
        const int n = juce::jmin(blockSize, in.getNumSamples() - pos);
        juce::AudioBuffer<float> view(out.getArrayOfWritePointers(), channels, pos, n);
        p.processBlock(view, midi);
    }
    return out;
}

} // namespace faltung::test
