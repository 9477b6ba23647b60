// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include "IrAnalysis.h"

#include <juce_gui_basics/juce_gui_basics.h>

namespace faltung
{

// How the edited IR decays: its energy decay curve (Schroeder) in dB over time with
// the RT60, and the RT60 of each octave band as bars, beside the IR's own as loaded
// (so that damping, decay and stretch show as the change they make).
class DecayView : public juce::Component, public juce::SettableTooltipClient
{
public:
    DecayView();
    // The IR as it plays (edited) and as loaded.
    void setAnalysis(const IrAnalysis& played, const IrAnalysis& original, bool valid);
    void paint(juce::Graphics&) override;

private:
    void drawCurve(juce::Graphics&, juce::Rectangle<float> area);
    void drawBands(juce::Graphics&, juce::Rectangle<float> area);

    IrAnalysis analysis_, original_;
    bool valid_ = false;
};

} // namespace faltung
