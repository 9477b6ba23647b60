// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "ParameterControls.h"

#include "Theme.h"

namespace faltung
{

namespace
{
void setUpName(juce::Label& name, const juce::String& text)
{
    name.setText(text, juce::dontSendNotification);
    name.setFont(theme::font(12.0f));
    name.setColour(juce::Label::textColourId, theme::textDim);
    name.setJustificationType(juce::Justification::centred);
    name.setInterceptsMouseClicks(false, false);
}
} // namespace

ParameterKnob::ParameterKnob(juce::AudioProcessorValueTreeState& state, const params::ParameterSpec& spec)
    : parameterId_(spec.id)
    , attachment_(state, spec.id, slider_)
{
    const juce::String label(spec.label), tooltip(spec.tooltip);
    auto* parameter = state.getParameter(spec.id);
    setUpName(name_, label);
    addAndMakeVisible(name_);

    slider_.setSliderStyle(juce::Slider::RotaryHorizontalVerticalDrag);
    slider_.setTextBoxStyle(juce::Slider::TextBoxBelow, false, 80, 18);
    slider_.setDoubleClickReturnValue(true, parameter->convertFrom0to1(parameter->getDefaultValue()));
    slider_.setMouseDragSensitivity(220);
    // Holding Shift switches to velocity mode, which moves slowly for slow drags.
    slider_.setVelocityModeParameters(0.12, 1, 0.0, true, juce::ModifierKeys::shiftModifier);
    slider_.setTooltip(tooltip + "\nDouble-click to reset; hold Shift to adjust finely.");
    // The value with its unit ("20.0 ms"); hosts get the number and the unit apart.
    slider_.textFromValueFunction = [parameter](double value)
    {
        const auto text = parameter->getText(parameter->convertTo0to1(static_cast<float>(value)), 16);
        const auto unit = parameter->getLabel();
        return unit.isEmpty() || !(text.containsOnly("0123456789.-+k")) ? text : text + " " + unit;
    };
    slider_.valueFromTextFunction = [parameter](const juce::String& text)
    {
        const auto unit = parameter->getLabel();
        const auto number =
            unit.isNotEmpty() ? text.upToLastOccurrenceOf(unit, false, true).trim() : text.trim();
        return static_cast<double>(parameter->convertFrom0to1(parameter->getValueForText(number)));
    };
    slider_.updateText();
    slider_.setTitle(label);
    slider_.setDescription(tooltip);
    slider_.setHelpText(tooltip);
    addAndMakeVisible(slider_);
    setTitle(label);
}

void ParameterKnob::resized()
{
    auto area = getLocalBounds();
    name_.setBounds(area.removeFromTop(16));
    slider_.setBounds(area);
}

ParameterToggle::ParameterToggle(juce::AudioProcessorValueTreeState& state, const params::ParameterSpec& spec)
    : attachment_(state, spec.id, button_)
{
    const juce::String label(spec.label), tooltip(spec.tooltip);
    button_.setButtonText(label);
    button_.setTooltip(tooltip);
    button_.setTitle(label);
    button_.setDescription(tooltip);
    addAndMakeVisible(button_);
    setTitle(label);
}

ParameterChoice::ParameterChoice(juce::AudioProcessorValueTreeState& state, const params::ParameterSpec& spec)
{
    const juce::String label(spec.label), tooltip(spec.tooltip);
    setUpName(name_, label);
    name_.setJustificationType(juce::Justification::centredLeft);
    addAndMakeVisible(name_);
    // One item per step, whatever the parameter's plain range.
    auto* parameter = state.getParameter(spec.id);
    const int steps = juce::jmax(2, parameter->getNumSteps());
    auto normalised = [steps](int index)
    { return static_cast<float>(index) / static_cast<float>(steps - 1); };
    for (int i = 0; i < steps; ++i)
        box_.addItem(parameter->getText(normalised(i), 64), i + 1);
    attachment_ = std::make_unique<juce::ParameterAttachment>(
        *parameter,
        [this, parameter, steps](float plain)
        {
            const float n = parameter->convertTo0to1(plain);
            box_.setSelectedItemIndex(juce::roundToInt(n * static_cast<float>(steps - 1)),
                                      juce::dontSendNotification);
        },
        nullptr);
    box_.onChange = [this, parameter, normalised]
    {
        attachment_->setValueAsCompleteGesture(
            parameter->convertFrom0to1(normalised(box_.getSelectedItemIndex())));
    };
    attachment_->sendInitialUpdate();
    box_.setTooltip(tooltip);
    box_.setTitle(label);
    box_.setDescription(tooltip);
    addAndMakeVisible(box_);
    setTitle(label);
}

void ParameterChoice::resized()
{
    auto area = getLocalBounds();
    name_.setBounds(area.removeFromTop(14));
    box_.setBounds(area.removeFromTop(22));
}

} // namespace faltung
