// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include "WetEq.h"

#include <juce_audio_processors/juce_audio_processors.h>

namespace faltung
{

// The wet EQ's magnitude response from 20 Hz to 20 kHz, drawn from the EQ's
// parameters as they stand (automation included): refresh() repaints when they
// have changed.
class EqCurve : public juce::Component, public juce::SettableTooltipClient
{
public:
    explicit EqCurve(juce::AudioProcessorValueTreeState& state);
    void refresh();
    void paint(juce::Graphics&) override;

private:
    WetEqSettings read() const;

    juce::AudioProcessorValueTreeState& state_;
    WetEqSettings shown_;
};

} // namespace faltung
