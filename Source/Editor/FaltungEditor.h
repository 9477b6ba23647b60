// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include "DecayView.h"
#include "EqCurve.h"
#include "FaltungLookAndFeel.h"
#include "FaltungProcessor.h"
#include "HeaderBar.h"
#include "IrDisplay.h"
#include "ParameterControls.h"
#include "UserSettings.h"

#include <juce_audio_processors/juce_audio_processors.h>

#include <array>

namespace faltung
{

// The plugin's window, also the Standalone app's. Everything is laid out at one
// design size and scaled to the window, which keeps a fixed aspect ratio, so the
// editor looks the same from its smallest size to its largest and at any display
// scale. It never blocks: IRs load on the loader thread while the display shows
// that it is busy, and dialogs are asynchronous.
class FaltungEditor : public juce::AudioProcessorEditor,
                      public juce::FileDragAndDropTarget,
                      private juce::Timer
{
public:
    static constexpr int kDesignWidth = 1000;
    static constexpr int kDesignHeight = 944;
    static constexpr int kMinWidth = 640;
    static constexpr int kMaxWidth = 2000;

    explicit FaltungEditor(FaltungProcessor& owner);
    ~FaltungEditor() override;

    void resized() override;
    void paint(juce::Graphics&) override;
    void paintOverChildren(juce::Graphics&) override;

    bool isInterestedInFileDrag(const juce::StringArray& files) override;
    void fileDragEnter(const juce::StringArray&, int, int) override;
    void fileDragExit(const juce::StringArray&) override;
    void filesDropped(const juce::StringArray& files, int, int) override;

    // Loads dropped or chosen files: one file (with its left/right partner, if
    // there is one), or two files as a left/right pair.
    void loadFiles(const juce::StringArray& files);

    // For tests: the parts a user works with.
    IrDisplay& irDisplay() noexcept { return display_; }
    DecayView& decayView() noexcept { return decay_; }
    HeaderBar& header() noexcept { return header_; }
    MessageBanner& banner() noexcept { return banner_; }
    juce::Slider* knob(const juce::String& parameterId);
    juce::String infoLine() const { return info_.getText(); }
    void refresh() { timerCallback(); } // what the timer does, now

private:
    class Panel;

    void timerCallback() override;
    void showIr(const PreparedIr& info);
    void showMessages();
    void showIrMenu();
    void stepIr(int direction);
    void chooseFile(bool relinking);
    void showPresetMenu();
    void savePreset();
    void layOut();

    FaltungProcessor& processor_;
    FaltungLookAndFeel lookAndFeel_;
    UserSettings settings_;

    juce::Component content_; // kDesignWidth x kDesignHeight, scaled to the window
    HeaderBar header_;
    MessageBanner banner_;
    IrDisplay display_;
    DecayView decay_;
    juce::Label info_;
    juce::ToggleButton decibelView_{"dB view"};
    using KnobRow = std::vector<std::unique_ptr<ParameterKnob>>;
    // Every row of knobs, top to bottom.
    std::array<KnobRow*, 6> allKnobLists() noexcept
    {
        return {&reverbKnobs_, &eqKnobs_, &duckKnobs_, &partsKnobs_, &dampingKnobs_, &irKnobs_};
    }
    // A panel in `area` with its knobs left to right inside it, each knobWidth wide
    // (less `gap` on either side); returns the inside that is left, right of them.
    static juce::Rectangle<int> placePanel(Panel& panel, juce::Rectangle<int> area, KnobRow& knobs,
                                           int knobWidth, int gap);

    std::unique_ptr<Panel> reverbPanel_, eqPanel_, duckPanel_, partsPanel_, dampingPanel_, irPanel_;
    KnobRow reverbKnobs_, eqKnobs_, duckKnobs_, partsKnobs_, dampingKnobs_, irKnobs_;
    EqCurve eqCurve_;
    std::vector<std::unique_ptr<ParameterToggle>> toggles_;
    std::vector<std::unique_ptr<ParameterChoice>> choices_;
    juce::ToggleButton embedIr_{"Embed IR in session"};
    ParameterToggle bypass_;
    juce::TooltipWindow tooltips_{this, 700};
    std::unique_ptr<juce::FileChooser> chooser_;

    const ImpulseResponse* shownIr_ = nullptr; // the edited IR on show, by identity
    juce::String shownError_, shownNote_, dismissed_;
    juce::String presetName_;
    bool dragHovering_ = false;

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR(FaltungEditor)
};

} // namespace faltung
