// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// juce::dsp::Convolution as a benchmark engine. This file is compiled once per
// JUCE build (JUCE's fallback FFT, or FFTW) into a shared library whose symbols
// are all hidden except the entry point FALTUNG_JUCE_ENTRY_POINT, so that both
// JUCE copies can live in the one benchmark process.
#include "BenchmarkEngine.h"

#include <juce_dsp/juce_dsp.h>

#include <chrono>
#include <stdexcept>
#include <thread>

#ifndef FALTUNG_JUCE_ENTRY_POINT
#error "define FALTUNG_JUCE_ENTRY_POINT to the name of the exported factory function"
#endif

namespace
{
using namespace faltung::bench;
using juce::dsp::Convolution;

class JuceConvolutionEngine final : public BenchmarkEngine
{
public:
    void prepare(const BenchCase& benchCase, const std::vector<std::vector<float>>& ir) override
    {
        blockSize_ = benchCase.blockSize;
        const int channels = benchCase.numOutputs();
        // juce::dsp::Convolution is at most stereo (input channel i through IR
        // channel i), so true stereo takes two: one hears the left input on both
        // channels through LL and LR, the other the right input through RL and RR.
        const int numConvolutions = benchCase.layout == Layout::trueStereo ? 2 : 1;
        for (int k = 0; k < numConvolutions; ++k)
        {
            auto convolution = benchCase.latency == LatencyKind::zero
                                   ? std::make_unique<Convolution>()
                                   : std::make_unique<Convolution>(Convolution::Latency{benchCase.blockSize});
            convolution->prepare({benchCase.sampleRate, static_cast<juce::uint32>(benchCase.blockSize),
                                  static_cast<juce::uint32>(channels)});

            juce::AudioBuffer<float> buffer(channels, benchCase.irLength);
            for (int ch = 0; ch < channels; ++ch)
                buffer.copyFrom(ch, 0, ir[static_cast<std::size_t>(k * channels + ch)].data(),
                                benchCase.irLength);
            convolution->loadImpulseResponse(std::move(buffer), benchCase.sampleRate,
                                             channels == 2 ? Convolution::Stereo::yes
                                                           : Convolution::Stereo::no,
                                             Convolution::Trim::no, Convolution::Normalise::no);
            waitUntilInUse(*convolution, channels, benchCase.irLength);
            convolutions_.push_back(std::move(convolution));
        }
        if (numConvolutions == 2)
            rightInputSum_.setSize(channels, blockSize_);
    }

    void settle() override
    {
        // reset() handed the replaced engine to JUCE's loader thread, which frees
        // it within one of its 10 ms polls.
        std::this_thread::sleep_for(std::chrono::milliseconds(40));
    }

    void process(const float* const* inputs, float* const* outputs) noexcept override
    {
        const auto B = static_cast<std::size_t>(blockSize_);
        const auto channels = static_cast<std::size_t>(outputChannels_);
        if (convolutions_.size() == 1)
        {
            juce::dsp::AudioBlock<const float> in(inputs, channels, B);
            juce::dsp::AudioBlock<float> out(outputs, channels, B);
            convolutions_[0]->process(juce::dsp::ProcessContextNonReplacing<float>(in, out));
            return;
        }
        const float* leftTwice[] = {inputs[0], inputs[0]};
        const float* rightTwice[] = {inputs[1], inputs[1]};
        juce::dsp::AudioBlock<const float> left(leftTwice, channels, B);
        juce::dsp::AudioBlock<const float> right(rightTwice, channels, B);
        juce::dsp::AudioBlock<float> out(outputs, channels, B);
        juce::dsp::AudioBlock<float> sum(rightInputSum_);
        convolutions_[0]->process(juce::dsp::ProcessContextNonReplacing<float>(left, out));
        convolutions_[1]->process(juce::dsp::ProcessContextNonReplacing<float>(right, sum));
        out += sum;
    }

    void reset() override
    {
        for (auto& c : convolutions_)
            c->reset();
    }

    int latencySamples() const override { return convolutions_.front()->getLatency(); }

    std::string notes() const override
    {
        return convolutions_.size() == 2 ? "true stereo as two stereo Convolutions" : "";
    }

private:
    // JUCE builds the engine on its loader thread and swaps it in at a later
    // process() call, crossfading from the old one; feed silence until the new IR
    // is the current one, then reset() to end the crossfade.
    void waitUntilInUse(Convolution& convolution, int channels, int irLength)
    {
        outputChannels_ = channels;
        juce::AudioBuffer<float> silence(channels, blockSize_), out(channels, blockSize_);
        silence.clear();
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(5);
        for (;;)
        {
            juce::dsp::AudioBlock<const float> in(silence.getArrayOfReadPointers(),
                                                  static_cast<std::size_t>(channels),
                                                  static_cast<std::size_t>(blockSize_));
            juce::dsp::AudioBlock<float> o(out);
            convolution.process(juce::dsp::ProcessContextNonReplacing<float>(in, o));
            if (convolution.getCurrentIRSize() == irLength)
                break;
            if (std::chrono::steady_clock::now() > deadline)
                throw std::runtime_error("juce::dsp::Convolution did not take the IR within 5 minutes");
            std::this_thread::sleep_for(std::chrono::microseconds(100));
        }
        convolution.reset();
    }

    int blockSize_ = 0;
    int outputChannels_ = 0;
    std::vector<std::unique_ptr<Convolution>> convolutions_;
    juce::AudioBuffer<float> rightInputSum_; // true stereo: the right input's share of both outputs
};
} // namespace

extern "C" __attribute__((visibility("default"))) faltung::bench::BenchmarkEngine* FALTUNG_JUCE_ENTRY_POINT()
{
    return new JuceConvolutionEngine();
}
