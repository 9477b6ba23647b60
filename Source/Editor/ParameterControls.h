// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include "ParameterSpec.h"

#include <juce_audio_processors/juce_audio_processors.h>

namespace faltung
{

// Controls bound to plugin parameters. Each follows host automation (through
// JUCE's parameter attachments), shows its value with its unit, takes its name and
// tooltip from the parameter's declaration (ParameterTable.h), has an accessible
// title and description, and returns to its default on a double-click.

// A knob: the name above, the value below (click it to type one). Shift while
// dragging moves it finely.
class ParameterKnob : public juce::Component
{
public:
    ParameterKnob(juce::AudioProcessorValueTreeState& state, const params::ParameterSpec& spec);
    void resized() override;
    juce::Slider& slider() noexcept { return slider_; }
    const juce::String& parameterId() const noexcept { return parameterId_; }

private:
    juce::String parameterId_;
    juce::Label name_;
    juce::Slider slider_;
    juce::AudioProcessorValueTreeState::SliderAttachment attachment_;
};

// An on/off switch with its name beside it.
class ParameterToggle : public juce::Component
{
public:
    ParameterToggle(juce::AudioProcessorValueTreeState& state, const params::ParameterSpec& spec);
    void resized() override { button_.setBounds(getLocalBounds()); }
    juce::ToggleButton& button() noexcept { return button_; }

private:
    juce::ToggleButton button_;
    juce::AudioProcessorValueTreeState::ButtonAttachment attachment_;
};

// A choice (a choice parameter, or any discrete one): the name above, a drop-down
// below with one item per step.
class ParameterChoice : public juce::Component
{
public:
    ParameterChoice(juce::AudioProcessorValueTreeState& state, const params::ParameterSpec& spec);
    void resized() override;
    juce::ComboBox& comboBox() noexcept { return box_; }

private:
    juce::Label name_;
    juce::ComboBox box_;
    std::unique_ptr<juce::ParameterAttachment> attachment_;
};

} // namespace faltung
