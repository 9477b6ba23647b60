// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "HostTestSupport.h"

#include "RunCommand.h"
#include "TestFiles.h"

#include <catch2/catch.hpp>
#include <juce_audio_formats/juce_audio_formats.h>

namespace faltung::test
{

std::unique_ptr<juce::AudioPluginInstance> load(PluginFormat format, double rate, int maxBlock, bool offline)
{
    auto instance = createPluginInstance(format, rate, maxBlock);
    instance->setNonRealtime(offline);
    instance->enableAllBuses();
    instance->setPlayConfigDetails(2, 2, rate, maxBlock);
    instance->prepareToPlay(rate, maxBlock);
    return instance;
}

juce::AudioProcessorParameter* parameter(juce::AudioPluginInstance& p, const juce::String& parameterName)
{
    for (auto* parameter : p.getParameters())
        if (parameter->getName(64) == parameterName)
            return parameter;
    FAIL("no parameter called " << parameterName);
    return nullptr;
}

void pump(juce::AudioPluginInstance& p, int milliseconds, int block)
{
    juce::AudioBuffer<float> silence(2, block);
    juce::MidiBuffer midi;
    for (int elapsed = 0; elapsed < milliseconds; elapsed += 10)
    {
        silence.clear();
        p.processBlock(silence, midi);
        juce::MessageManager::getInstance()->runDispatchLoopUntil(10);
    }
}

juce::AudioBuffer<float> noise(int length, unsigned seed)
{
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> dist(-0.25f, 0.25f);
    juce::AudioBuffer<float> b(2, length);
    for (int c = 0; c < 2; ++c)
        for (int i = 0; i < length; ++i)
            b.setSample(c, i, dist(rng));
    return b;
}

void writeWav(const std::string& path, const juce::AudioBuffer<float>& audio, double rate)
{
    auto stream = juce::File(path).createOutputStream();
    REQUIRE(stream != nullptr);
    juce::WavAudioFormat wav;
    std::unique_ptr<juce::AudioFormatWriter> writer(
        wav.createWriterFor(stream.get(), rate, static_cast<unsigned>(audio.getNumChannels()), 32, {}, 0));
    REQUIRE(writer != nullptr);
    stream.release();
    REQUIRE(writer->writeFromAudioSampleBuffer(audio, 0, audio.getNumSamples()));
}

juce::AudioBuffer<float> readWav(const std::string& path)
{
    juce::WavAudioFormat wav;
    std::unique_ptr<juce::AudioFormatReader> reader(
        wav.createReaderFor(juce::File(path).createInputStream().release(), true));
    REQUIRE(reader != nullptr);
    juce::AudioBuffer<float> b(static_cast<int>(reader->numChannels),
                               static_cast<int>(reader->lengthInSamples));
    reader->read(&b, 0, b.getNumSamples(), 0, true, true);
    return b;
}

juce::AudioBuffer<float> render(const juce::AudioBuffer<float>& in, double rate, const std::string& factoryIr,
                                const std::vector<std::string>& options)
{
    ScratchFolder folder;
    writeWav(folder.file("in.wav"), in, rate);
    std::vector<std::string> args{"--factory", factoryIr, folder.file("in.wav"), folder.file("out.wav"),
                                  "--format",  "float32"};
    args.insert(args.end(), options.begin(), options.end());
    const auto r = runCommand(FALTUNG_RENDER_PATH, args);
    INFO(r.standardError);
    REQUIRE(r.exitCode == 0);
    return readWav(folder.file("out.wav"));
}

double nullDb(const juce::AudioBuffer<float>& plugin, int latency, const juce::AudioBuffer<float>& rendered,
              int from)
{
    double peak = 0, worst = 0;
    for (int c = 0; c < 2; ++c)
        for (int i = from; i + latency < plugin.getNumSamples() && i < rendered.getNumSamples(); ++i)
        {
            const double expected = rendered.getSample(c, i);
            peak = std::max(peak, std::abs(expected));
            worst = std::max(worst, std::abs(plugin.getSample(c, i + latency) - expected));
        }
    REQUIRE(peak > 0.01);
    return 20 * std::log10(std::max(worst, 1e-30) / peak);
}

juce::AudioBuffer<float> withSilenceAfter(const juce::AudioBuffer<float>& signal, int silence)
{
    juce::AudioBuffer<float> b(2, signal.getNumSamples() + silence);
    b.clear();
    for (int c = 0; c < 2; ++c)
        b.copyFrom(c, 0, signal, c, 0, signal.getNumSamples());
    return b;
}

int programIndex(juce::AudioPluginInstance& p, const juce::String& programName)
{
    for (int i = 0; i < p.getNumPrograms(); ++i)
        if (p.getProgramName(i) == programName)
            return i;
    FAIL("no program called " << programName);
    return -1;
}
} // namespace faltung::test
