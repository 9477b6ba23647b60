// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include <juce_gui_basics/juce_gui_basics.h>

#include <functional>

namespace faltung
{

// The strip along the top: the IR browser (previous, the IR's name as a menu, next,
// load a file), presets (menu, save, A/B compare) and the latency and CPU readouts.
// It only shows and asks; the editor acts on its callbacks.
class HeaderBar : public juce::Component
{
public:
    HeaderBar();

    std::function<void()> onIrMenu, onPreviousIr, onNextIr, onLoadFile;
    std::function<void()> onPresetMenu, onSavePreset, onCopyAb;
    std::function<void(int)> onAbSlot;

    void setIrName(const juce::String& name);
    void setPresetName(const juce::String& name);
    void setAbSlot(int slot);
    void setReadouts(double latencyMs, int latencySamples, double cpuLoad);

    void paint(juce::Graphics&) override;
    void resized() override;

    juce::TextButton& irMenuButton() noexcept { return irMenu_; }

private:
    juce::TextButton previous_{"<"}, irMenu_, next_{">"}, load_{"Load..."};
    juce::TextButton presetMenu_, savePreset_{"Save"}, a_{"A"}, b_{"B"}, copy_{"Copy"};
    juce::Label latency_, cpu_;
};

// A line above the IR display for what the user must know: an IR that failed to load
// (and that the previous one still plays), a missing file (with a Relink button), or a
// note such as a relinked file. Dismissed with its close button.
class MessageBanner : public juce::Component
{
public:
    enum class Kind
    {
        error,
        note,
    };

    MessageBanner();
    std::function<void()> onAction, onDismiss;

    void show(Kind kind, const juce::String& text, const juce::String& actionLabel = {});
    void clear();
    const juce::String& text() const noexcept { return text_; }

    void paint(juce::Graphics&) override;
    void resized() override;

private:
    Kind kind_ = Kind::note;
    juce::String text_;
    juce::TextButton action_, close_{"x"};
};

} // namespace faltung
