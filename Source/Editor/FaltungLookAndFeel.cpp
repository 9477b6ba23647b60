// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "FaltungLookAndFeel.h"

#include "Theme.h"

namespace faltung
{

FaltungLookAndFeel::FaltungLookAndFeel()
{
    using juce::Colour;
    setColour(juce::ResizableWindow::backgroundColourId, theme::background);
    setColour(juce::Label::textColourId, theme::text);
    setColour(juce::Slider::textBoxTextColourId, theme::text);
    setColour(juce::Slider::textBoxOutlineColourId, Colour(0));
    setColour(juce::Slider::textBoxBackgroundColourId, Colour(0));
    setColour(juce::Slider::textBoxHighlightColourId, theme::accent.withAlpha(0.4f));
    setColour(juce::TextEditor::backgroundColourId, theme::panelRaised);
    setColour(juce::TextEditor::textColourId, theme::text);
    setColour(juce::TextEditor::outlineColourId, theme::outline);
    setColour(juce::TextEditor::focusedOutlineColourId, theme::accent);
    setColour(juce::TextButton::buttonColourId, theme::panelRaised);
    setColour(juce::TextButton::buttonOnColourId, theme::accent);
    setColour(juce::TextButton::textColourOffId, theme::text);
    setColour(juce::TextButton::textColourOnId, theme::background);
    setColour(juce::ComboBox::backgroundColourId, theme::panelRaised);
    setColour(juce::ComboBox::textColourId, theme::text);
    setColour(juce::ComboBox::outlineColourId, theme::outline);
    setColour(juce::ComboBox::arrowColourId, theme::textDim);
    setColour(juce::PopupMenu::backgroundColourId, theme::panelRaised);
    setColour(juce::PopupMenu::textColourId, theme::text);
    setColour(juce::PopupMenu::headerTextColourId, theme::textDim);
    setColour(juce::PopupMenu::highlightedBackgroundColourId, theme::accent.withAlpha(0.25f));
    setColour(juce::PopupMenu::highlightedTextColourId, theme::text);
    setColour(juce::TooltipWindow::backgroundColourId, theme::panelRaised);
    setColour(juce::TooltipWindow::textColourId, theme::text);
    setColour(juce::TooltipWindow::outlineColourId, theme::outline);
    setColour(juce::AlertWindow::backgroundColourId, theme::panel);
    setColour(juce::AlertWindow::textColourId, theme::text);
    setColour(juce::AlertWindow::outlineColourId, theme::outline);
    setColour(juce::CaretComponent::caretColourId, theme::accent);
}

void FaltungLookAndFeel::drawRotarySlider(juce::Graphics& g, int x, int y, int width, int height,
                                          float position, float startAngle, float endAngle,
                                          juce::Slider& slider)
{
    const auto bounds = juce::Rectangle<int>(x, y, width, height).toFloat().reduced(4.0f);
    const float radius = juce::jmin(bounds.getWidth(), bounds.getHeight()) / 2.0f;
    const auto centre = bounds.getCentre();
    const float thickness = juce::jmax(2.5f, radius * 0.16f);
    const float arcRadius = radius - thickness / 2.0f;
    const float angle = startAngle + position * (endAngle - startAngle);
    const bool enabled = slider.isEnabled();

    juce::Path track;
    track.addCentredArc(centre.x, centre.y, arcRadius, arcRadius, 0.0f, startAngle, endAngle, true);
    g.setColour(theme::outline);
    g.strokePath(
        track, juce::PathStrokeType(thickness, juce::PathStrokeType::curved, juce::PathStrokeType::rounded));

    // Bipolar controls (a default in the middle of the range) draw from the middle.
    const double middle = 0.5 * (slider.getMinimum() + slider.getMaximum());
    const bool bipolar = std::abs(slider.getDoubleClickReturnValue() - middle) <
                             1e-6 * (slider.getMaximum() - slider.getMinimum()) &&
                         slider.isDoubleClickReturnEnabled();
    const float from = bipolar ? startAngle + 0.5f * (endAngle - startAngle) : startAngle;
    juce::Path value;
    value.addCentredArc(centre.x, centre.y, arcRadius, arcRadius, 0.0f, juce::jmin(from, angle),
                        juce::jmax(from, angle), true);
    g.setColour(enabled ? theme::accent : theme::textDim);
    g.strokePath(
        value, juce::PathStrokeType(thickness, juce::PathStrokeType::curved, juce::PathStrokeType::rounded));

    const float knobRadius = arcRadius - thickness * 1.2f;
    g.setColour(theme::panelRaised);
    g.fillEllipse(juce::Rectangle<float>(knobRadius * 2, knobRadius * 2).withCentre(centre));
    const auto tip = centre.getPointOnCircumference(knobRadius * 0.75f, angle);
    g.setColour(enabled ? theme::text : theme::textDim);
    g.drawLine(juce::Line<float>(centre.getPointOnCircumference(knobRadius * 0.2f, angle), tip),
               juce::jmax(1.5f, thickness * 0.55f));
    if (slider.hasKeyboardFocus(true))
    {
        g.setColour(theme::accent.withAlpha(0.6f));
        g.drawEllipse(juce::Rectangle<float>(radius * 2, radius * 2).withCentre(centre), 1.0f);
    }
}

juce::Label* FaltungLookAndFeel::createSliderTextBox(juce::Slider& slider)
{
    auto* label = LookAndFeel_V4::createSliderTextBox(slider);
    label->setFont(juce::Font(13.0f));
    label->setJustificationType(juce::Justification::centred);
    label->setColour(juce::Label::textColourId, theme::text);
    label->setColour(juce::Label::backgroundColourId, juce::Colour(0));
    label->setColour(juce::Label::outlineColourId, juce::Colour(0));
    return label;
}

void FaltungLookAndFeel::drawButtonBackground(juce::Graphics& g, juce::Button& button, const juce::Colour&,
                                              bool highlighted, bool down)
{
    const auto bounds = button.getLocalBounds().toFloat().reduced(0.5f);
    const bool on = button.getToggleState();
    auto fill = on ? theme::accent : theme::panelRaised;
    if (down)
        fill = fill.brighter(0.15f);
    else if (highlighted)
        fill = fill.brighter(0.08f);
    g.setColour(fill);
    g.fillRoundedRectangle(bounds, 4.0f);
    g.setColour(button.hasKeyboardFocus(false) ? theme::accent : theme::outline);
    g.drawRoundedRectangle(bounds, 4.0f, 1.0f);
}

void FaltungLookAndFeel::drawButtonText(juce::Graphics& g, juce::TextButton& button, bool, bool)
{
    g.setFont(getTextButtonFont(button, button.getHeight()));
    g.setColour(button.getToggleState() ? theme::background
                                        : (button.isEnabled() ? theme::text : theme::textDim));
    g.drawFittedText(button.getButtonText(), button.getLocalBounds().reduced(4, 0),
                     juce::Justification::centred, 1);
}

void FaltungLookAndFeel::drawToggleButton(juce::Graphics& g, juce::ToggleButton& button, bool highlighted,
                                          bool)
{
    // A pill switch with the label beside it.
    const auto bounds = button.getLocalBounds().toFloat();
    const float h = juce::jmin(18.0f, bounds.getHeight() - 4.0f);
    const auto pill = juce::Rectangle<float>(h * 1.8f, h)
                          .withCentre({bounds.getX() + h * 0.9f + 2.0f, bounds.getCentreY()});
    const bool on = button.getToggleState();
    g.setColour(on ? theme::accent : theme::outline.brighter(highlighted ? 0.15f : 0.0f));
    g.fillRoundedRectangle(pill, h / 2);
    const float dot = h - 4.0f;
    g.setColour(on ? theme::background : theme::textDim);
    g.fillEllipse(on ? pill.getRight() - dot - 2.0f : pill.getX() + 2.0f, pill.getY() + 2.0f, dot, dot);
    if (button.hasKeyboardFocus(false))
    {
        g.setColour(theme::accent);
        g.drawRoundedRectangle(pill.expanded(2.0f), h / 2 + 2.0f, 1.0f);
    }
    g.setColour(button.isEnabled() ? theme::text : theme::textDim);
    g.setFont(juce::Font(13.0f));
    g.drawFittedText(button.getButtonText(), bounds.withTrimmedLeft(pill.getRight() + 6.0f).toNearestInt(),
                     juce::Justification::centredLeft, 1);
}

void FaltungLookAndFeel::drawComboBox(juce::Graphics& g, int width, int height, bool, int, int, int, int,
                                      juce::ComboBox& box)
{
    const auto bounds = juce::Rectangle<int>(width, height).toFloat().reduced(0.5f);
    g.setColour(theme::panelRaised);
    g.fillRoundedRectangle(bounds, 4.0f);
    g.setColour(box.hasKeyboardFocus(false) ? theme::accent : theme::outline);
    g.drawRoundedRectangle(bounds, 4.0f, 1.0f);
    juce::Path arrow;
    const float cx = static_cast<float>(width) - 12.0f, cy = static_cast<float>(height) / 2.0f;
    arrow.addTriangle(cx - 4.0f, cy - 2.0f, cx + 4.0f, cy - 2.0f, cx, cy + 3.0f);
    g.setColour(theme::textDim);
    g.fillPath(arrow);
}

juce::Font FaltungLookAndFeel::getComboBoxFont(juce::ComboBox&)
{
    return juce::Font(13.0f);
}

void FaltungLookAndFeel::positionComboBoxText(juce::ComboBox& box, juce::Label& label)
{
    label.setBounds(6, 1, box.getWidth() - 24, box.getHeight() - 2);
    label.setFont(getComboBoxFont(box));
}

juce::Font FaltungLookAndFeel::getTextButtonFont(juce::TextButton&, int buttonHeight)
{
    return juce::Font(juce::jmin(14.0f, static_cast<float>(buttonHeight) * 0.55f));
}

juce::Font FaltungLookAndFeel::getPopupMenuFont()
{
    return juce::Font(14.0f);
}

void FaltungLookAndFeel::drawPopupMenuBackground(juce::Graphics& g, int width, int height)
{
    g.fillAll(theme::panelRaised);
    g.setColour(theme::outline);
    g.drawRect(0, 0, width, height);
}

juce::Rectangle<int> FaltungLookAndFeel::getTooltipBounds(const juce::String& text,
                                                          juce::Point<int> screenPos,
                                                          juce::Rectangle<int> parentArea)
{
    juce::AttributedString s;
    s.append(text, juce::Font(13.0f), theme::text);
    juce::TextLayout layout;
    layout.createLayout(s, 320.0f);
    // Rounded up, and drawn at the same width, so the text wraps the same way twice.
    const int w = static_cast<int>(std::ceil(layout.getWidth())) + 18;
    const int h = static_cast<int>(std::ceil(layout.getHeight())) + 12;
    return juce::Rectangle<int>(
               screenPos.x > parentArea.getCentreX() ? screenPos.x - (w + 12) : screenPos.x + 24,
               screenPos.y > parentArea.getCentreY() ? screenPos.y - (h + 6) : screenPos.y + 6, w, h)
        .constrainedWithin(parentArea);
}

void FaltungLookAndFeel::drawTooltip(juce::Graphics& g, const juce::String& text, int width, int height)
{
    const auto bounds = juce::Rectangle<int>(width, height).toFloat();
    g.setColour(theme::panelRaised);
    g.fillRoundedRectangle(bounds, 4.0f);
    g.setColour(theme::outline);
    g.drawRoundedRectangle(bounds.reduced(0.5f), 4.0f, 1.0f);
    juce::AttributedString s;
    s.append(text, juce::Font(13.0f), theme::text);
    juce::TextLayout layout;
    layout.createLayout(s, static_cast<float>(width) - 16.0f);
    layout.draw(g, bounds.reduced(8.0f, 6.0f).withWidth(static_cast<float>(width) - 16.0f));
}

} // namespace faltung
