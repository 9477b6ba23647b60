// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include "ImpulseResponse.h"
#include "IrAnalysis.h"

#include <juce_audio_processors/juce_audio_processors.h>

#include <memory>

namespace faltung
{

// The IR as it is in its file, one lane per channel, with the edits drawn on it:
// the trimmed ends shaded, the attack ramp and the decay envelope, the early and
// late parts tinted either side of the split, and handles to drag for trim start,
// trim end, attack, decay and the split (each a parameter: dragging is a host
// gesture; double-clicking a handle resets it). Linear or decibel view.
class IrDisplay : public juce::Component, public juce::SettableTooltipClient
{
public:
    enum class Handle
    {
        none,
        trimStart,
        trimEnd,
        attack,
        decay,
        split,
    };

    explicit IrDisplay(juce::AudioProcessorValueTreeState& state);

    // The IR as decoded and its analysis (for the decay envelope). Null: no IR.
    void setImpulseResponse(std::shared_ptr<const ImpulseResponse> ir, const IrAnalysis& analysis);
    void setLoading(bool loading);
    void setDecibelView(bool decibels);
    bool isDecibelView() const noexcept { return decibels_; }

    // Where a handle is drawn now, for tests and accessibility.
    juce::Point<float> handlePosition(Handle handle) const;

    void paint(juce::Graphics&) override;
    void resized() override;
    void mouseMove(const juce::MouseEvent&) override;
    void mouseDown(const juce::MouseEvent&) override;
    void mouseDrag(const juce::MouseEvent&) override;
    void mouseUp(const juce::MouseEvent&) override;
    void mouseDoubleClick(const juce::MouseEvent&) override;
    void mouseExit(const juce::MouseEvent&) override;

private:
    struct Peaks
    {
        std::vector<float> low, high; // per pixel column
    };

    juce::Rectangle<float> plotArea() const;
    float xForSeconds(double seconds) const;
    double secondsForX(float x) const;
    double lengthSeconds() const;
    float value(const juce::ParameterID& id) const;
    juce::RangedAudioParameter* parameterFor(Handle handle) const;
    Handle handleAt(juce::Point<float> position) const;
    double envelopeAt(double seconds) const; // the decay edit's gain, 0..1
    double splitSeconds() const;             // where the late part begins, in the file's time
    void computePeaks();
    void drawLanes(juce::Graphics&, juce::Rectangle<float> area);
    void drawEdits(juce::Graphics&, juce::Rectangle<float> area);
    void drawTimeAxis(juce::Graphics&, juce::Rectangle<float> area);

    juce::AudioProcessorValueTreeState& state_;
    std::shared_ptr<const ImpulseResponse> ir_;
    double rt60_ = 0.0;
    double onset_ = 0.0;      // the direct sound, in the file
    double mixingTime_ = 0.0; // after the onset: where an auto split falls
    std::vector<Peaks> peaks_;
    bool loading_ = false;
    bool decibels_ = true; // a reverb's tail is all but invisible in a linear view
    Handle hovered_ = Handle::none;
    Handle dragging_ = Handle::none;
};

} // namespace faltung
