// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "DecayView.h"

#include "Theme.h"

#include <cmath>

namespace faltung
{

namespace
{
constexpr float kRangeDb = 80.0f;

juce::String seconds(double s)
{
    return std::isfinite(s) ? juce::String(s, s < 10.0 ? 2 : 1) + " s" : juce::String("n/a");
}

juce::String bandName(double hz)
{
    return hz < 1000.0 ? juce::String(juce::roundToInt(hz))
                       : juce::String(juce::roundToInt(hz / 1000.0)) + "k";
}
} // namespace

DecayView::DecayView()
{
    setTitle("Decay");
    setTooltip(
        "The energy decay curve of the IR as it plays (after the edits), and its reverberation time (RT60) "
        "per octave band: filled as it plays, outlined as loaded.");
}

void DecayView::setAnalysis(const IrAnalysis& analysis, const IrAnalysis& original, bool valid)
{
    analysis_ = analysis;
    original_ = original;
    valid_ = valid;
    setDescription(valid ? "RT60 " + seconds(analysis.rt60Seconds) : juce::String("No impulse response"));
    repaint();
}

void DecayView::paint(juce::Graphics& g)
{
    const auto bounds = getLocalBounds().toFloat();
    g.setColour(theme::panel);
    g.fillRoundedRectangle(bounds, 6.0f);
    auto area = bounds.reduced(10.0f, 8.0f);
    g.setColour(theme::textDim);
    g.setFont(theme::font(12.0f, true));
    g.drawText("DECAY", area.removeFromTop(16.0f), juce::Justification::centredLeft);
    if (!valid_)
        return;
    drawCurve(g, area.removeFromLeft(area.getWidth() * 0.55f).withTrimmedRight(10.0f));
    drawBands(g, area);
}

void DecayView::drawCurve(juce::Graphics& g, juce::Rectangle<float> area)
{
    auto plot = area.withTrimmedLeft(30.0f).withTrimmedBottom(14.0f);
    g.setFont(theme::font(10.0f));
    for (int db = 0; db >= -80; db -= 20)
    {
        const float y = juce::jmap(static_cast<float>(db), -kRangeDb, 0.0f, plot.getBottom(), plot.getY());
        g.setColour(theme::outline.withAlpha(0.7f));
        g.drawHorizontalLine(static_cast<int>(y), plot.getX(), plot.getRight());
        g.setColour(theme::textDim);
        g.drawText(juce::String(db), juce::Rectangle<float>(area.getX(), y - 6.0f, 26.0f, 12.0f),
                   juce::Justification::centredRight);
    }

    const auto& curve = analysis_.decayCurveDb; // one point per millisecond
    if (curve.size() < 2)
        return;
    juce::Path path;
    const float n = static_cast<float>(curve.size() - 1);
    for (std::size_t i = 0; i < curve.size(); ++i)
    {
        const float x = plot.getX() + static_cast<float>(i) / n * plot.getWidth();
        const float y =
            juce::jmap(juce::jmax(curve[i], -kRangeDb), -kRangeDb, 0.0f, plot.getBottom(), plot.getY());
        if (i == 0)
            path.startNewSubPath(x, y);
        else
            path.lineTo(x, y);
    }
    g.setColour(theme::accent);
    g.strokePath(path, juce::PathStrokeType(1.8f));

    // The RT60: where a straight decay at the measured rate reaches -60 dB.
    if (std::isfinite(analysis_.rt60Seconds))
    {
        const float x =
            plot.getX() + static_cast<float>(analysis_.rt60Seconds * 1000.0) / n * plot.getWidth();
        if (x <= plot.getRight())
        {
            g.setColour(theme::handle.withAlpha(0.7f));
            g.drawVerticalLine(static_cast<int>(x), plot.getY(), plot.getBottom());
        }
    }
    g.setColour(theme::text);
    g.setFont(theme::font(12.0f, true));
    g.drawText("RT60 " + seconds(analysis_.rt60Seconds), plot.removeFromTop(16.0f).reduced(4.0f, 0.0f),
               juce::Justification::centredRight);
    g.setColour(theme::textDim);
    g.setFont(theme::font(10.0f));
    g.drawText(seconds(analysis_.lengthSeconds), area.removeFromBottom(12.0f),
               juce::Justification::centredRight);
}

void DecayView::drawBands(juce::Graphics& g, juce::Rectangle<float> area)
{
    double longest = 0.1;
    for (const auto* a : {&analysis_, &original_})
        for (double t : a->rt60PerOctave)
            if (std::isfinite(t))
                longest = std::max(longest, t);

    const int bands = static_cast<int>(kOctaveBandCentres.size());
    const float width = area.getWidth() / static_cast<float>(bands);
    auto bars = area.withTrimmedBottom(14.0f).withTrimmedTop(14.0f);
    for (int b = 0; b < bands; ++b)
    {
        const auto column = juce::Rectangle<float>(area.getX() + width * static_cast<float>(b), bars.getY(),
                                                   width, bars.getHeight());
        const double loaded = original_.rt60PerOctave[static_cast<std::size_t>(b)];
        if (std::isfinite(loaded)) // the IR's own, outlined behind
        {
            const float h = static_cast<float>(loaded / longest) * column.getHeight();
            g.setColour(theme::textDim.withAlpha(0.8f));
            g.drawRoundedRectangle(
                column.reduced(width * 0.14f, 0.0f).withTrimmedTop(column.getHeight() - h).reduced(0.5f),
                2.0f, 1.0f);
        }
        const double t = analysis_.rt60PerOctave[static_cast<std::size_t>(b)];
        if (std::isfinite(t))
        {
            const float h = static_cast<float>(t / longest) * column.getHeight();
            g.setColour(theme::accent.withAlpha(0.75f));
            g.fillRoundedRectangle(column.reduced(width * 0.22f, 0.0f).withTrimmedTop(column.getHeight() - h),
                                   2.0f);
            g.setColour(theme::text);
            g.setFont(theme::font(10.0f));
            g.drawText(juce::String(t, t < 10.0 ? 2 : 1),
                       juce::Rectangle<float>(column.getX(), column.getBottom() - h - 13.0f, width, 12.0f),
                       juce::Justification::centred);
        }
        g.setColour(theme::textDim);
        g.setFont(theme::font(10.0f));
        g.drawText(bandName(kOctaveBandCentres[static_cast<std::size_t>(b)]),
                   juce::Rectangle<float>(column.getX(), area.getBottom() - 12.0f, width, 12.0f),
                   juce::Justification::centred);
    }
}

} // namespace faltung
