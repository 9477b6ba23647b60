// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "HeaderBar.h"

#include "Theme.h"

namespace faltung
{

namespace
{
void describe(juce::Component& c, const juce::String& title, const juce::String& tooltip)
{
    c.setTitle(title);
    c.setDescription(tooltip);
    if (auto* client = dynamic_cast<juce::SettableTooltipClient*>(&c))
        client->setTooltip(tooltip);
}
} // namespace

HeaderBar::HeaderBar()
{
    describe(previous_, "Previous IR",
             "The previous IR: in the factory list, or in the same folder as this file");
    describe(irMenu_, "Impulse response", "Choose a factory IR, a recently used file, or load one");
    describe(next_, "Next IR", "The next IR: in the factory list, or in the same folder as this file");
    describe(load_, "Load IR file",
             "Load an impulse response file (WAV, AIFF, FLAC, Ogg; 1, 2 or 4 channels)");
    describe(presetMenu_, "Preset", "Factory presets and your own presets");
    describe(savePreset_, "Save preset", "Save every setting and the IR as a preset of your own");
    describe(a_, "Setting A", "Compare: switch to setting A");
    describe(b_, "Setting B", "Compare: switch to setting B");
    describe(copy_, "Copy to other", "Compare: copy the current setting to the other slot");

    previous_.onClick = [this]
    {
        if (onPreviousIr)
            onPreviousIr();
    };
    next_.onClick = [this]
    {
        if (onNextIr)
            onNextIr();
    };
    irMenu_.onClick = [this]
    {
        if (onIrMenu)
            onIrMenu();
    };
    load_.onClick = [this]
    {
        if (onLoadFile)
            onLoadFile();
    };
    presetMenu_.onClick = [this]
    {
        if (onPresetMenu)
            onPresetMenu();
    };
    savePreset_.onClick = [this]
    {
        if (onSavePreset)
            onSavePreset();
    };
    copy_.onClick = [this]
    {
        if (onCopyAb)
            onCopyAb();
    };
    a_.onClick = [this]
    {
        if (onAbSlot)
            onAbSlot(0);
    };
    b_.onClick = [this]
    {
        if (onAbSlot)
            onAbSlot(1);
    };
    a_.setClickingTogglesState(false);
    b_.setClickingTogglesState(false);

    for (auto* label : {&latency_, &cpu_})
    {
        label->setFont(theme::font(12.0f));
        label->setJustificationType(juce::Justification::centredRight);
        label->setColour(juce::Label::textColourId, theme::textDim);
        addAndMakeVisible(*label);
    }
    latency_.setTitle("Latency");
    cpu_.setTitle("CPU load");
    for (auto* b : {&previous_, &irMenu_, &next_, &load_, &presetMenu_, &savePreset_, &a_, &b_, &copy_})
        addAndMakeVisible(*b);
    setAbSlot(0);
}

void HeaderBar::setIrName(const juce::String& name)
{
    irMenu_.setButtonText(name + juce::String::fromUTF8("  \xe2\x96\xbe")); // a small down arrow
}

void HeaderBar::setPresetName(const juce::String& name)
{
    presetMenu_.setButtonText(name + juce::String::fromUTF8("  \xe2\x96\xbe"));
}

void HeaderBar::setAbSlot(int slot)
{
    a_.setToggleState(slot == 0, juce::dontSendNotification);
    b_.setToggleState(slot == 1, juce::dontSendNotification);
    copy_.setButtonText(slot == 0 ? "A > B" : "B > A");
}

void HeaderBar::setReadouts(double latencyMs, int latencySamples, double cpuLoad)
{
    latency_.setText("Latency " + juce::String(latencyMs, 1) + " ms (" + juce::String(latencySamples) + ")",
                     juce::dontSendNotification);
    cpu_.setText("CPU " + juce::String(cpuLoad * 100.0, 1) + " %", juce::dontSendNotification);
}

void HeaderBar::paint(juce::Graphics& g)
{
    g.setColour(theme::panel);
    g.fillRect(getLocalBounds());
    g.setColour(theme::outline);
    g.drawHorizontalLine(getHeight() - 1, 0.0f, static_cast<float>(getWidth()));
    g.setColour(theme::text);
    g.setFont(theme::font(20.0f, true));
    g.drawText("FALTUNG", juce::Rectangle<int>(14, 0, 110, getHeight()), juce::Justification::centredLeft);
}

void HeaderBar::resized()
{
    auto area = getLocalBounds().reduced(8, 9);
    area.removeFromLeft(118);
    previous_.setBounds(area.removeFromLeft(28));
    area.removeFromLeft(4);
    irMenu_.setBounds(area.removeFromLeft(230));
    area.removeFromLeft(4);
    next_.setBounds(area.removeFromLeft(28));
    area.removeFromLeft(6);
    load_.setBounds(area.removeFromLeft(64));

    auto readouts = area.removeFromRight(150);
    area.removeFromRight(96); // the bypass switch, which the editor owns
    latency_.setBounds(readouts.removeFromTop(readouts.getHeight() / 2));
    cpu_.setBounds(readouts);

    area.removeFromLeft(22);
    presetMenu_.setBounds(area.removeFromLeft(170));
    area.removeFromLeft(4);
    savePreset_.setBounds(area.removeFromLeft(48));
    area.removeFromLeft(12);
    a_.setBounds(area.removeFromLeft(28));
    b_.setBounds(area.removeFromLeft(28));
    area.removeFromLeft(4);
    copy_.setBounds(area.removeFromLeft(52));
}

MessageBanner::MessageBanner()
{
    action_.onClick = [this]
    {
        if (onAction)
            onAction();
    };
    close_.onClick = [this]
    {
        clear();
        if (onDismiss)
            onDismiss();
    };
    close_.setTitle("Dismiss");
    addChildComponent(action_);
    addAndMakeVisible(close_);
    setVisible(false);
}

void MessageBanner::show(Kind kind, const juce::String& text, const juce::String& actionLabel)
{
    kind_ = kind;
    text_ = text;
    action_.setButtonText(actionLabel);
    action_.setVisible(actionLabel.isNotEmpty());
    setTitle(kind == Kind::error ? "Error" : "Note");
    setDescription(text);
    setVisible(true);
    resized();
    repaint();
}

void MessageBanner::clear()
{
    text_.clear();
    setVisible(false);
}

void MessageBanner::paint(juce::Graphics& g)
{
    const auto colour = kind_ == Kind::error ? theme::error : theme::note;
    const auto bounds = getLocalBounds().toFloat();
    g.setColour(colour.withAlpha(0.18f));
    g.fillRoundedRectangle(bounds, 5.0f);
    g.setColour(colour);
    g.drawRoundedRectangle(bounds.reduced(0.5f), 5.0f, 1.0f);
    g.setColour(theme::text);
    g.setFont(theme::font(13.0f));
    auto textArea = getLocalBounds().reduced(10, 0);
    textArea.removeFromRight(action_.isVisible() ? 120 : 34);
    g.drawFittedText(text_, textArea, juce::Justification::centredLeft, 2);
}

void MessageBanner::resized()
{
    auto area = getLocalBounds().reduced(6, 5);
    close_.setBounds(area.removeFromRight(24));
    area.removeFromRight(6);
    action_.setBounds(area.removeFromRight(80));
}

} // namespace faltung
