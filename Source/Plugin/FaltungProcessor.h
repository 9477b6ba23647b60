// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include "IrLoader.h"
#include "Parameters.h"
#include "ReverbProcessor.h"
#include "SessionState.h"
#include "SettingsOrder.h"

#include <juce_audio_processors/juce_audio_processors.h>

#include <functional>
#include <optional>

namespace faltung
{

// The plugin: JUCE's AudioProcessor around the ReverbProcessor signal chain.
//
// Threads:
//   - audio:   processBlock() reads the parameters through cached atomics and runs
//              the chain; it never allocates, locks or waits (except when the host
//              renders offline, where it waits for an IR still loading so that a
//              bounce never misses the reverb).
//   - loader:  IrLoader decodes, resamples and prepares engines and frees retired
//              ones, on the LoaderPool's threads, which every instance shares.
//   - stages:  the StageExecutor's threads, shared by every instance too, compute
//              the later stages of multi-stage engines.
//   - message: state, IR requests, and a timer that turns engine option changes
//              (latency mode, partition size) into loader requests and reports a
//              changed latency to the host. Hosts may set parameters on the audio
//              thread, so nothing reacts to a parameter change there.
//
// Settings may change from several threads at once (a host restoring state on a
// thread of its own while the timer applies a program): the newest request wins,
// whatever order they are applied in (SettingsOrder).
class FaltungProcessor : public juce::AudioProcessor,
                         private juce::Timer,
                         private juce::AudioProcessorParameter::Listener
{
public:
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

    // The processor alone has no window: the plugin's entry point
    // (Source/PluginEntry) makes a subclass that adds the editor, so that the
    // processor and its tests build and link without the editor layer.
    juce::AudioProcessorEditor* createEditor() override { return nullptr; }
    bool hasEditor() const override { return false; }

    const juce::String getName() const override { return JucePlugin_Name; }
    bool acceptsMidi() const override { return false; }
    bool producesMidi() const override { return false; }
    bool isMidiEffect() const override { return false; }
    double getTailLengthSeconds() const override;

    // Programs are the factory presets (FactoryPresets.h). A host may select one
    // on the audio thread, so off the message thread selecting only records it; the
    // timer applies it, or the next getStateInformation, unless something newer
    // replaced it meanwhile.
    int getNumPrograms() override;
    int getCurrentProgram() override;
    void setCurrentProgram(int index) override;
    const juce::String getProgramName(int index) override;
    void changeProgramName(int, const juce::String&) override {}

    void getStateInformation(juce::MemoryBlock& destData) override;
    void setStateInformation(const void* data, int sizeInBytes) override;

    // The same state as XML, for preset files and A/B compare: always what was last
    // asked for, even while the IR behind it is still loading. restoreState ignores
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

    // IR selection (not the audio thread). Loading happens in the background.
    void loadImpulseResponse(const IrSource& source);
    IrSource requestedImpulseResponse() const { return loader_.requestedSource(); }
    PreparedIr loadedImpulseResponse() const { return loader_.loadedIr(); }
    std::string impulseResponseError() const { return loader_.lastError().message; }
    // The error is a session's IR file found nowhere: one to relink.
    bool impulseResponseFileMissing() const { return loader_.lastError().fileMissing; }
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
    void parameterValueChanged(int parameterIndex, float) override
    {
        order_.parameterChanged(parameterIndex);
    }
    void parameterGestureChanged(int, bool) override {}
    EngineSpec engineSpec() const; // from the latency mode and partition size parameters
    // Sets the program's parameters but those parameterIsCurrent() (when given) says
    // were changed after it was selected, and its IR when impulseResponseIsCurrent.
    void applyProgram(int index, const std::function<bool(int)>& parameterIsCurrent = {},
                      bool impulseResponseIsCurrent = true);
    void applyPendingProgram();
    void restoreValidState(const juce::XmlElement& xml, session::RestoreWarnings& warnings);
    IrSource sourceToSave();
    void render(juce::AudioBuffer<float>& buffer, bool bypassed) noexcept;

    // Held from the start of the destructor until every member below is gone. JUCE's
    // LV2 wrapper runs the plugin's message thread itself and destroys the plugin on
    // the host's thread: without the lock, a timer (this one, or the parameter
    // tree's) could fire on that message thread into a half-destroyed processor
    // (found by UBSan in the validation suite). Declared first, so destroyed last.
    std::optional<juce::MessageManagerLock> destructionLock_;
    juce::AudioProcessorValueTreeState parameters_;
    params::ParameterReader reader_;
    ReverbProcessor reverb_;
    IrLoader loader_;
    std::optional<StreamLayout> layout_; // as prepared (main bus channels); none before prepareToPlay
    std::atomic<int> currentProgram_;    // the program applied last
    SettingsOrder order_;
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
