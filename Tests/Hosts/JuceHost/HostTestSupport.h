// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

// What the JUCE-host tests share: loading the built plugin, driving it, and
// comparing what it plays with faltung-render's file.

#include "PluginLoader.h"

#include <juce_audio_processors/juce_audio_processors.h>

#include <random>
#include <string>
#include <vector>

namespace faltung::test
{

// The built plugin, prepared for stereo in and out. Offline (the default: VST3
// kOffline, LV2 freeWheeling) as a host's bounce, which runs the plugin faster than
// real time and has it compute every block whole; or live, as a host playing.
std::unique_ptr<juce::AudioPluginInstance> load(PluginFormat format, double rate, int maxBlock,
                                                bool offline = true);

juce::AudioProcessorParameter* parameter(juce::AudioPluginInstance& p, const juce::String& parameterName);

// Lets the plugin's and the host's message threads deliver what is pending
// (latency changes, state), while the audio runs silence through it.
void pump(juce::AudioPluginInstance& p, int milliseconds, int block);

juce::AudioBuffer<float> noise(int length, unsigned seed);

void writeWav(const std::string& path, const juce::AudioBuffer<float>& audio, double rate);

juce::AudioBuffer<float> readWav(const std::string& path);

// faltung-render's output for the same input and settings.
juce::AudioBuffer<float> render(const juce::AudioBuffer<float>& in, double rate, const std::string& factoryIr,
                                const std::vector<std::string>& options);

// The worst difference between the plugin's output from `from` on (shifted back
// by its latency) and the render, relative to the render's peak, in dB.
double nullDb(const juce::AudioBuffer<float>& plugin, int latency, const juce::AudioBuffer<float>& rendered,
              int from);

juce::AudioBuffer<float> withSilenceAfter(const juce::AudioBuffer<float>& signal, int silence);

int programIndex(juce::AudioPluginInstance& p, const juce::String& programName);

// Runs `in` through the plugin in calls of random size from 1 to maxBlock,
// calling beforeBlock(position) first each time.
template <typename F>
juce::AudioBuffer<float> run(juce::AudioPluginInstance& p, const juce::AudioBuffer<float>& in, int maxBlock,
                             unsigned seed, F beforeBlock)
{
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> size(1, maxBlock);
    juce::AudioBuffer<float> out(in);
    juce::MidiBuffer midi;
    for (int pos = 0; pos < in.getNumSamples();)
    {
        const int pick = size(rng);
        const int n = juce::jmin(pick % 7 == 0 ? 1 : pick, in.getNumSamples() - pos);
        beforeBlock(pos);
        juce::AudioBuffer<float> view(out.getArrayOfWritePointers(), 2, pos, n);
        p.processBlock(view, midi);
        pos += n;
    }
    return out;
}

inline juce::AudioBuffer<float> run(juce::AudioPluginInstance& p, const juce::AudioBuffer<float>& in,
                                    int maxBlock, unsigned seed)
{
    return run(p, in, maxBlock, seed, [](int) {});
}

} // namespace faltung::test
