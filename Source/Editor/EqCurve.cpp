// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "EqCurve.h"

#include "ParameterTable.h"
#include "Theme.h"

#include <cmath>

namespace faltung
{

namespace
{
constexpr double kLowestHz = 20.0, kHighestHz = 20000.0;
constexpr float kRangeDb = 20.0f; // the view shows -20 to +20 dB
// The curve is drawn as a 48 kHz session hears it: the same at any rate below 20 kHz
// but for the last few percent of the top octave.
constexpr double kDrawingRate = 48000.0;
} // namespace

EqCurve::EqCurve(juce::AudioProcessorValueTreeState& state)
    : state_(state)
{
    setTooltip("The reverb's EQ: low shelf, bell and high shelf together");
    shown_ = read();
}

WetEqSettings EqCurve::read() const
{
    namespace spec = params::spec;
    const auto value = [this](const params::ParameterSpec& p)
    { return state_.getRawParameterValue(p.id)->load(); };
    return {value(spec::eqLowFrequency), value(spec::eqLowGain), value(spec::eqBellFrequency),
            value(spec::eqBellGain),     value(spec::eqBellQ),   value(spec::eqHighFrequency),
            value(spec::eqHighGain)};
}

void EqCurve::refresh()
{
    const auto now = read();
    const auto same = [](const WetEqSettings& a, const WetEqSettings& b)
    {
        return a.lowFrequencyHz == b.lowFrequencyHz && a.lowGainDb == b.lowGainDb &&
               a.bellFrequencyHz == b.bellFrequencyHz && a.bellGainDb == b.bellGainDb && a.bellQ == b.bellQ &&
               a.highFrequencyHz == b.highFrequencyHz && a.highGainDb == b.highGainDb;
    };
    if (!same(now, shown_))
    {
        shown_ = now;
        repaint();
    }
}

void EqCurve::paint(juce::Graphics& g)
{
    const auto area = getLocalBounds().toFloat().reduced(2.0f);
    g.setColour(theme::background);
    g.fillRoundedRectangle(area, 4.0f);

    const auto xOf = [&](double hz)
    {
        return area.getX() + area.getWidth() * static_cast<float>(std::log(hz / kLowestHz) /
                                                                  std::log(kHighestHz / kLowestHz));
    };
    const auto yOf = [&](double db)
    {
        const float clamped = juce::jlimit(-kRangeDb, kRangeDb, static_cast<float>(db));
        return area.getCentreY() - clamped / kRangeDb * (area.getHeight() * 0.5f - 3.0f);
    };

    // A grid at 100 Hz, 1 kHz and 10 kHz, and at 0 and +-10 dB.
    g.setColour(theme::outline);
    for (double hz : {100.0, 1000.0, 10000.0})
        g.drawVerticalLine(juce::roundToInt(xOf(hz)), area.getY(), area.getBottom());
    for (double db : {-10.0, 10.0})
        g.drawHorizontalLine(juce::roundToInt(yOf(db)), area.getX(), area.getRight());
    g.setColour(theme::textDim.withAlpha(0.5f));
    g.drawHorizontalLine(juce::roundToInt(yOf(0.0)), area.getX(), area.getRight());

    juce::Path curve;
    const int points = std::max(2, static_cast<int>(area.getWidth()));
    for (int i = 0; i < points; ++i)
    {
        const double hz = kLowestHz * std::pow(kHighestHz / kLowestHz, i / static_cast<double>(points - 1));
        const juce::Point<float> p(xOf(hz), yOf(wetEqMagnitudeDb(shown_, hz, kDrawingRate)));
        if (i == 0)
            curve.startNewSubPath(p);
        else
            curve.lineTo(p);
    }
    g.setColour(theme::accent);
    g.strokePath(curve, juce::PathStrokeType(2.0f));

    g.setColour(theme::textDim);
    g.setFont(theme::font(10.0f));
    g.drawText("+20 dB", area.reduced(4.0f, 2.0f), juce::Justification::topLeft);
    g.drawText("-20 dB", area.reduced(4.0f, 2.0f), juce::Justification::bottomLeft);
}

} // namespace faltung
