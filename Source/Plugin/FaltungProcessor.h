// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include "IrLoader.h"
#include "Parameters.h"
#include "ReverbProcessor.h"
#include "SessionState.h"

#include <juce_audio_processors/juce_audio_processors.h>

namespace faltung
{

// The plugin: JUCE's AudioProcessor around the ReverbProcessor signal chain.
//
// Threads:
//   - audio:   processBlock() reads the parameters through cached atomics and runs
//              the chain; it never allocates, locks or waits (except when the host
//              renders offline, where it waits for an IR still loading so that a
//              bounce never misses the reverb).
//   - loader:  IrLoader decodes, resamples and prepares engines and frees retired ones.
//   - message: state, IR requests, and a timer that turns engine option changes
//              (latency mode, partition size) into loader requests and reports a
//              changed latency to the host. Hosts may set parameters on the audio
//              thread, so nothing reacts to a parameter change there.
class FaltungProcessor : public juce::AudioProcessor, private juce::Timer
{
public:
    static constexpr const char* kDefaultFactoryIr = "concert-hall";

    FaltungProcessor();
    ~FaltungProcessor() override;

    // AudioProcessor
    void prepareToPlay(double sampleRate, int maximumExpectedSamplesPerBlock) override;
    void releaseResources() override;
    // Clears the reverb's history (tails, delays), as hosts ask on a transport jump.
    void reset() override;
    bool isBusesLayoutSupported(const BusesLayout& layouts) const override;
    void processBlock(juce::AudioBuffer<float>&, juce::MidiBuffer&) override;
    void processBlockBypassed(juce::AudioBuffer<float>&, juce::MidiBuffer&) override;
    using AudioProcessor::processBlock;
    using AudioProcessor::processBlockBypassed;

    juce::AudioProcessorEditor* createEditor() override;
    bool hasEditor() const override { return true; }

    const juce::String getName() const override { return JucePlugin_Name; }
    bool acceptsMidi() const override { return false; }
    bool producesMidi() const override { return false; }
    bool isMidiEffect() const override { return false; }
    double getTailLengthSeconds() const override;

    // Programs are the factory presets (FactoryPresets.h). A host may select one
    // on the audio thread, so selecting only records it; the timer applies it.
    int getNumPrograms() override;
    int getCurrentProgram() override { return currentProgram_.load(); }
    void setCurrentProgram(int index) override;
    const juce::String getProgramName(int index) override;
    void changeProgramName(int, const juce::String&) override {}

    void getStateInformation(juce::MemoryBlock& destData) override;
    void setStateInformation(const void* data, int sizeInBytes) override;

    // The same state as XML, for preset files and A/B compare. restoreState ignores
    // XML that is not a Faltung state.
    std::unique_ptr<juce::XmlElement> createStateXml();
    void restoreState(const juce::XmlElement& xml);

    // What the last state restore could not use (unreadable data, unknown or
    // damaged settings), for the editor to show; empty when all was well. Any thread.
    session::RestoreWarnings stateWarnings() const;

    // A/B compare: two complete settings to switch between. Switching keeps the
    // settings being left in their slot; the other slot starts as a copy.
    int abSlot() const noexcept { return abSlot_; }
    void selectAbSlot(int slot);
    void copyCurrentToOtherAbSlot();

    // The share of the audio callback's time budget processing took (0..1, smoothed).
    double cpuLoad() const { return loadMeasurer_.getLoadAsProportion(); }

    juce::AudioProcessorParameter* getBypassParameter() const override;

    // IR selection (message thread). Loading happens in the background.
    void loadImpulseResponse(const IrSource& source);
    IrSource requestedImpulseResponse() const { return loader_.requestedSource(); }
    LoadedIrInfo loadedImpulseResponse() const { return loader_.loadedIr(); }
    std::string impulseResponseError() const { return loader_.lastError(); }
    bool isLoadingImpulseResponse() const { return loader_.isBusy(); }
    bool waitForImpulseResponse(int timeoutMs) const { return loader_.waitUntilIdle(timeoutMs); }

    // Whether sessions carry a copy of a file IR (FLAC), so that they play on a
    // machine without the file.
    void setEmbedIrInSession(bool embed) { embedIr_ = embed; }
    bool embedsIrInSession() const { return embedIr_.load(); }

    juce::AudioProcessorValueTreeState& parameters() noexcept { return parameters_; }
    IrLoader& loaderForTesting() noexcept { return loader_; }

    // What the timer does on the message thread: applies a program the host
    // selected, asks for a new engine when the latency mode or partition size
    // changed, and reports the latency of the engine now playing to the host.
    // Public so that tests can run it.
    void updateEngineAndLatency();

private:
    void timerCallback() override { updateEngineAndLatency(); }
    EngineConfig currentConfig() const;
    void applyProgram(int index);
    IrSource sourceToSave();
    void render(juce::AudioBuffer<float>& buffer, bool bypassed) noexcept;

    juce::AudioProcessorValueTreeState parameters_;
    params::ParameterReader reader_;
    ReverbProcessor reverb_;
    IrLoader loader_;
    double sampleRate_ = 0.0;
    int maxBlockSize_ = 0;
    int numInputs_ = 2; // main bus channels, as prepared
    int numOutputs_ = 2;
    std::atomic<int> currentProgram_;
    std::atomic<int> pendingProgram_{-1};
    // Whole settings changes, which may come from different threads at once (a host
    // restoring state on a background thread while the timer applies a program):
    // one at a time, and the newest wins.
    std::mutex settingsMutex_;
    std::atomic<bool> embedIr_{false};

    juce::AudioProcessLoadMeasurer loadMeasurer_;
    int abSlot_ = 0; // message thread
    std::unique_ptr<juce::XmlElement> otherAbSlot_;

    mutable std::mutex warningsMutex_; // setStateInformation may run on any thread
    session::RestoreWarnings stateWarnings_;

    std::mutex embedMutex_; // getStateInformation may run on any thread
    IrSource embeddedFor_;
    std::shared_ptr<const EmbeddedIr> embeddedCache_;

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR(FaltungProcessor)
};

} // namespace faltung
