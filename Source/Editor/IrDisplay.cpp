// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "IrDisplay.h"

#include "EarlyLate.h"

#include "Parameters.h"
#include "Theme.h"

#include <cmath>

namespace faltung
{

namespace
{
constexpr float kFloorDb = -72.0f;
constexpr float kHandleReach = 7.0f; // pixels around a handle that grab it
constexpr double kLn1000 = 6.907755278982137;

float toDb(float x)
{
    return x > 0.0f ? juce::jmax(kFloorDb, 20.0f * std::log10(x)) : kFloorDb;
}

juce::String timeText(double seconds)
{
    return seconds < 1.0 ? juce::String(juce::roundToInt(seconds * 1000.0)) + " ms"
                         : juce::String(seconds, 2) + " s";
}
} // namespace

IrDisplay::IrDisplay(juce::AudioProcessorValueTreeState& state)
    : state_(state)
{
    setTitle("Impulse response");
    setDescription("The impulse response's waveform with its trim, attack and decay edits");
    setTooltip(
        "Drag the amber handles to trim the IR, fade it in, shorten its decay and move the split between its "
        "early and late parts. Double-click a handle to reset it.");
}

void IrDisplay::setImpulseResponse(std::shared_ptr<const ImpulseResponse> ir, const IrAnalysis& analysis)
{
    ir_ = std::move(ir);
    rt60_ = std::isfinite(analysis.rt60Seconds) && analysis.rt60Seconds > 0 ? analysis.rt60Seconds
                                                                            : lengthSeconds();
    onset_ = std::isfinite(analysis.onsetSeconds) ? analysis.onsetSeconds : 0.0;
    mixingTime_ =
        std::isfinite(analysis.mixingTimeSeconds) ? analysis.mixingTimeSeconds : kDefaultSplitMs / 1000.0;
    computePeaks();
    repaint();
}

void IrDisplay::setLoading(bool loading)
{
    if (loading != loading_)
    {
        loading_ = loading;
        repaint();
    }
}

void IrDisplay::setDecibelView(bool decibels)
{
    decibels_ = decibels;
    repaint();
}

void IrDisplay::resized()
{
    computePeaks();
}

juce::Rectangle<float> IrDisplay::plotArea() const
{
    return getLocalBounds().toFloat().reduced(10.0f, 8.0f).withTrimmedBottom(16.0f);
}

double IrDisplay::lengthSeconds() const
{
    return ir_ != nullptr ? juce::jmax(1e-3, ir_->seconds()) : 1.0;
}

float IrDisplay::xForSeconds(double seconds) const
{
    const auto area = plotArea();
    return area.getX() + static_cast<float>(seconds / lengthSeconds()) * area.getWidth();
}

double IrDisplay::secondsForX(float x) const
{
    const auto area = plotArea();
    return juce::jlimit(0.0, lengthSeconds(), (x - area.getX()) / area.getWidth() * lengthSeconds());
}

float IrDisplay::value(const juce::ParameterID& id) const
{
    return state_.getRawParameterValue(id.getParamID())->load();
}

double IrDisplay::envelopeAt(double seconds) const
{
    const double decay = value(params::irDecay) / 100.0;
    const double start = value(params::irTrimStart) / 1000.0;
    if (decay >= 1.0 || seconds <= start)
        return 1.0;
    return std::exp(-kLn1000 * (seconds - start) * (1.0 / decay - 1.0) / rt60_);
}

double IrDisplay::splitSeconds() const
{
    // The split is measured on the edited IR: from its onset (after the trims) and in
    // its time, which a stretch scales. An auto split is the mixing time, which
    // scales with it.
    const double start = value(params::irTrimStart) / 1000.0;
    const double split = value(params::irSplit) / 1000.0;
    const double stretch = value(params::irStretch) / 100.0;
    return juce::jmax(onset_, start) + (split > 0.0 ? split / stretch : mixingTime_);
}

juce::Point<float> IrDisplay::handlePosition(Handle handle) const
{
    const auto area = plotArea();
    const double start = value(params::irTrimStart) / 1000.0;
    const double end = juce::jmax(start, lengthSeconds() - value(params::irTrimEnd) / 1000.0);
    switch (handle)
    {
        case Handle::trimStart:
            return {xForSeconds(start), area.getY() + 8.0f};
        case Handle::trimEnd:
            return {xForSeconds(end), area.getY() + 8.0f};
        case Handle::attack:
            return {xForSeconds(start + value(params::irAttack) / 1000.0), area.getY() + 24.0f};
        case Handle::split:
            return {xForSeconds(juce::jlimit(start, end, splitSeconds())), area.getBottom() - 8.0f};
        case Handle::decay:
        {
            // On the envelope, two thirds of the way along the kept part.
            const double t = start + (end - start) * 2.0 / 3.0;
            const float level =
                decibels_ ? juce::jmap(toDb(static_cast<float>(envelopeAt(t))), kFloorDb, 0.0f, 0.0f, 1.0f)
                          : static_cast<float>(envelopeAt(t));
            return {xForSeconds(t), area.getBottom() - level * area.getHeight()};
        }
        case Handle::none:
            break;
    }
    return {};
}

juce::RangedAudioParameter* IrDisplay::parameterFor(Handle handle) const
{
    switch (handle)
    {
        case Handle::trimStart:
            return state_.getParameter(params::irTrimStart.getParamID());
        case Handle::trimEnd:
            return state_.getParameter(params::irTrimEnd.getParamID());
        case Handle::attack:
            return state_.getParameter(params::irAttack.getParamID());
        case Handle::decay:
            return state_.getParameter(params::irDecay.getParamID());
        case Handle::split:
            return state_.getParameter(params::irSplit.getParamID());
        case Handle::none:
            break;
    }
    return nullptr;
}

IrDisplay::Handle IrDisplay::handleAt(juce::Point<float> p) const
{
    if (ir_ == nullptr)
        return Handle::none;
    // Point handles first (they sit on the trim lines), then the trim lines' full height.
    for (auto h : {Handle::attack, Handle::decay})
        if (p.getDistanceFrom(handlePosition(h)) <= kHandleReach * 1.5f)
            return h;
    for (auto h : {Handle::trimStart, Handle::trimEnd, Handle::split})
        if (std::abs(p.x - handlePosition(h).x) <= kHandleReach &&
            plotArea().expanded(kHandleReach).contains(p))
            return h;
    return Handle::none;
}

void IrDisplay::computePeaks()
{
    peaks_.clear();
    if (ir_ == nullptr || getWidth() <= 0)
        return;
    const auto area = plotArea();
    const int columns = juce::jmax(1, static_cast<int>(area.getWidth()));
    const double perColumn = static_cast<double>(ir_->length()) / columns;
    for (const auto& channel : ir_->channels)
    {
        Peaks p;
        p.low.resize(static_cast<std::size_t>(columns));
        p.high.resize(static_cast<std::size_t>(columns));
        for (int c = 0; c < columns; ++c)
        {
            const auto first = static_cast<std::size_t>(c * perColumn);
            const auto last =
                juce::jlimit(first + 1, channel.size(), static_cast<std::size_t>((c + 1) * perColumn));
            float low = 0.0f, high = 0.0f;
            for (std::size_t i = first; i < last; ++i)
            {
                low = juce::jmin(low, channel[i]);
                high = juce::jmax(high, channel[i]);
            }
            p.low[static_cast<std::size_t>(c)] = low;
            p.high[static_cast<std::size_t>(c)] = high;
        }
        peaks_.push_back(std::move(p));
    }
}

void IrDisplay::drawLanes(juce::Graphics& g, juce::Rectangle<float> area)
{
    float peak = 1e-6f;
    for (const auto& p : peaks_)
        for (std::size_t i = 0; i < p.low.size(); ++i)
            peak = juce::jmax(peak, -p.low[i], p.high[i]);

    const int lanes = static_cast<int>(peaks_.size());
    for (int lane = 0; lane < lanes; ++lane)
    {
        const auto laneArea =
            area.withHeight(area.getHeight() / lanes).translated(0, area.getHeight() / lanes * lane);
        const auto& p = peaks_[static_cast<std::size_t>(lane)];
        juce::Path path;
        const float mid = laneArea.getCentreY(), half = laneArea.getHeight() * 0.48f;
        for (std::size_t c = 0; c < p.high.size(); ++c)
        {
            const float x = area.getX() + static_cast<float>(c);
            float top, bottom;
            if (decibels_) // magnitude in dB, from the lane's bottom up
            {
                const float db = toDb(juce::jmax(-p.low[c], p.high[c]) / peak);
                top = juce::jmap(db, kFloorDb, 0.0f, laneArea.getBottom(), laneArea.getY() + 2.0f);
                bottom = laneArea.getBottom();
            }
            else
            {
                top = mid - p.high[c] / peak * half;
                bottom = mid - p.low[c] / peak * half;
            }
            path.addRectangle(x, top, 1.0f, juce::jmax(1.0f, bottom - top));
        }
        g.setColour(theme::channel(lane).withAlpha(0.85f));
        g.fillPath(path);
        if (lanes > 1 && lane > 0)
        {
            g.setColour(theme::outline);
            g.drawHorizontalLine(static_cast<int>(laneArea.getY()), area.getX(), area.getRight());
        }
    }
}

void IrDisplay::drawEdits(juce::Graphics& g, juce::Rectangle<float> area)
{
    const auto startX = handlePosition(Handle::trimStart).x;
    const auto endX = handlePosition(Handle::trimEnd).x;

    // The early and late parts over the kept part, tinted either side of the split.
    const auto splitX = handlePosition(Handle::split).x;
    g.setColour(theme::early.withAlpha(0.10f));
    g.fillRect(area.withLeft(startX).withRight(splitX));
    g.setColour(theme::late.withAlpha(0.10f));
    g.fillRect(area.withLeft(splitX).withRight(endX));

    // What the trims cut away.
    g.setColour(theme::background.withAlpha(0.72f));
    g.fillRect(area.withRight(startX));
    g.fillRect(area.withLeft(endX));

    // Attack ramp and decay envelope as one gain curve over the kept part.
    juce::Path envelope;
    const double start = value(params::irTrimStart) / 1000.0;
    const double attack = value(params::irAttack) / 1000.0;
    for (float x = startX; x <= endX; x += 2.0f)
    {
        const double t = secondsForX(x);
        double gain = envelopeAt(t);
        if (attack > 0 && t < start + attack)
            gain *= 0.5 - 0.5 * std::cos(juce::MathConstants<double>::pi * (t - start) / attack);
        const float level = decibels_ ? juce::jmap(toDb(static_cast<float>(gain)), kFloorDb, 0.0f, 0.0f, 1.0f)
                                      : static_cast<float>(gain);
        const float y = area.getBottom() - level * area.getHeight();
        if (envelope.isEmpty())
            envelope.startNewSubPath(x, y);
        else
            envelope.lineTo(x, y);
    }
    g.setColour(theme::handle.withAlpha(0.9f));
    g.strokePath(envelope, juce::PathStrokeType(1.5f));

    auto drawLine = [&](Handle h, const juce::String& label)
    {
        const auto p = handlePosition(h);
        const bool active = hovered_ == h || dragging_ == h;
        g.setColour(theme::handle.withAlpha(active ? 1.0f : 0.8f));
        g.drawLine(p.x, area.getY(), p.x, area.getBottom(), active ? 2.0f : 1.5f);
        juce::Path grip;
        grip.addTriangle(p.x - 6.0f, area.getY(), p.x + 6.0f, area.getY(), p.x, area.getY() + 9.0f);
        g.fillPath(grip);
        g.setFont(theme::font(11.0f));
        const bool right = h == Handle::trimEnd;
        g.drawText(label,
                   juce::Rectangle<float>(right ? p.x - 64.0f : p.x + 6.0f, area.getY() + 2.0f, 58.0f, 14.0f),
                   right ? juce::Justification::centredRight : juce::Justification::centredLeft);
    };
    drawLine(Handle::trimStart, "Start");
    drawLine(Handle::trimEnd, "End");

    // The split: a dashed line with a grip at the bottom and the parts named.
    {
        const bool active = hovered_ == Handle::split || dragging_ == Handle::split;
        g.setColour(theme::handle.withAlpha(active ? 1.0f : 0.75f));
        const float dashes[] = {4.0f, 3.0f};
        g.drawDashedLine({splitX, area.getY() + 16.0f, splitX, area.getBottom()}, dashes, 2,
                         active ? 2.0f : 1.2f);
        juce::Path grip;
        grip.addTriangle(splitX - 6.0f, area.getBottom(), splitX + 6.0f, area.getBottom(), splitX,
                         area.getBottom() - 9.0f);
        g.fillPath(grip);
        g.setFont(theme::font(11.0f, true));
        const float labelY = area.getBottom() - 22.0f;
        // Each part named inside it, where there is room.
        if (splitX - startX >= 50.0f)
        {
            g.setColour(theme::early);
            g.drawText("EARLY", juce::Rectangle<float>(splitX - 62.0f, labelY, 56.0f, 14.0f),
                       juce::Justification::centredRight);
        }
        if (endX - splitX >= 96.0f)
        {
            g.setColour(theme::late);
            const float latePredelay = value(params::irLatePredelay);
            g.drawText(latePredelay > 0.0f ? "LATE +" + juce::String(juce::roundToInt(latePredelay)) + " ms"
                                           : juce::String("LATE"),
                       juce::Rectangle<float>(splitX + 6.0f, labelY, 90.0f, 14.0f),
                       juce::Justification::centredLeft);
        }
    }

    for (auto h : {Handle::attack, Handle::decay})
    {
        const auto p = handlePosition(h);
        const bool active = hovered_ == h || dragging_ == h;
        const float r = active ? 6.0f : 5.0f;
        g.setColour(theme::handle);
        g.fillEllipse(p.x - r, p.y - r, r * 2, r * 2);
        g.setColour(theme::background);
        g.drawEllipse(p.x - r, p.y - r, r * 2, r * 2, 1.0f);
    }

    if (dragging_ != Handle::none)
        if (auto* parameter = parameterFor(dragging_))
        {
            const auto p = handlePosition(dragging_);
            const auto text = parameter->getName(32) + ": " + parameter->getCurrentValueAsText() + " " +
                              parameter->getLabel();
            g.setFont(theme::font(12.0f, true));
            const auto box = juce::Rectangle<float>(190.0f, 20.0f)
                                 .withCentre({p.x, juce::jmin(p.y + 24.0f, area.getBottom() - 12.0f)})
                                 .constrainedWithin(area);
            g.setColour(theme::panelRaised.withAlpha(0.95f));
            g.fillRoundedRectangle(box, 3.0f);
            g.setColour(theme::text);
            g.drawText(text, box, juce::Justification::centred);
        }
}

void IrDisplay::drawTimeAxis(juce::Graphics& g, juce::Rectangle<float> area)
{
    const double length = lengthSeconds();
    double step = 0.001;
    for (double candidate : {0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0})
        if (length / candidate <= 10.0)
        {
            step = candidate;
            break;
        }
    g.setFont(theme::font(11.0f));
    for (double t = 0.0; t <= length + 1e-9; t += step)
    {
        const float x = xForSeconds(t);
        g.setColour(theme::outline.withAlpha(0.6f));
        g.drawVerticalLine(static_cast<int>(x), area.getY(), area.getBottom());
        g.setColour(theme::textDim);
        const auto label = juce::Rectangle<float>(x - 30.0f, area.getBottom() + 2.0f, 60.0f, 14.0f);
        g.drawText(timeText(t),
                   label.withX(juce::jlimit(area.getX() - 10.0f, area.getRight() - 50.0f, label.getX())),
                   juce::Justification::centred);
    }
}

void IrDisplay::paint(juce::Graphics& g)
{
    const auto bounds = getLocalBounds().toFloat();
    g.setColour(theme::panel);
    g.fillRoundedRectangle(bounds, 6.0f);
    const auto area = plotArea();

    if (ir_ == nullptr)
    {
        g.setColour(theme::textDim);
        g.setFont(theme::font(15.0f));
        g.drawText(loading_ ? "Loading..."
                            : "No impulse response loaded. Drop an audio file here, or choose one above.",
                   area, juce::Justification::centred);
        return;
    }

    drawTimeAxis(g, area);
    drawLanes(g, area);
    drawEdits(g, area);

    if (loading_)
    {
        g.setColour(theme::background.withAlpha(0.55f));
        g.fillRoundedRectangle(bounds, 6.0f);
        g.setColour(theme::text);
        g.setFont(theme::font(15.0f, true));
        g.drawText("Loading...", bounds, juce::Justification::centred);
    }
}

void IrDisplay::mouseMove(const juce::MouseEvent& e)
{
    const auto h = handleAt(e.position);
    if (h != hovered_)
    {
        hovered_ = h;
        setMouseCursor(h == Handle::none    ? juce::MouseCursor::NormalCursor
                       : h == Handle::decay ? juce::MouseCursor::UpDownResizeCursor
                                            : juce::MouseCursor::LeftRightResizeCursor);
        repaint();
    }
}

void IrDisplay::mouseExit(const juce::MouseEvent&)
{
    hovered_ = Handle::none;
    repaint();
}

void IrDisplay::mouseDown(const juce::MouseEvent& e)
{
    dragging_ = handleAt(e.position);
    if (auto* parameter = parameterFor(dragging_))
        parameter->beginChangeGesture();
}

void IrDisplay::mouseDrag(const juce::MouseEvent& e)
{
    auto* parameter = parameterFor(dragging_);
    if (parameter == nullptr)
        return;
    const double t = secondsForX(e.position.x);
    const double start = value(params::irTrimStart) / 1000.0;
    double newValue = 0.0;
    switch (dragging_)
    {
        case Handle::trimStart:
            newValue = t * 1000.0;
            break;
        case Handle::trimEnd:
            newValue = (lengthSeconds() - t) * 1000.0;
            break;
        case Handle::attack:
            newValue = (t - start) * 1000.0;
            break;
        case Handle::split: // never back to auto by dragging: that is a double-click
            newValue =
                juce::jmax(1.0, (t - juce::jmax(onset_, start)) * value(params::irStretch) / 100.0 * 1000.0);
            break;
        case Handle::decay:
        {
            // Solve the envelope e^(-ln(1000) (t - start) (1/decay - 1) / rt60) = level
            // for decay, at the handle's time.
            const auto area = plotArea();
            const double fraction = juce::jlimit(
                1e-4, 1.0, static_cast<double>((area.getBottom() - e.position.y) / area.getHeight()));
            const double level =
                decibels_
                    ? std::pow(10.0,
                               juce::jmap(fraction, 0.0, 1.0, static_cast<double>(kFloorDb), 0.0) / 20.0)
                    : fraction;
            const double dt = juce::jmax(1e-4, handlePosition(Handle::decay).x > 0
                                                   ? secondsForX(handlePosition(Handle::decay).x) - start
                                                   : 0.0);
            newValue = 100.0 / (1.0 - std::log(level) * rt60_ / (kLn1000 * dt));
            break;
        }
        case Handle::none:
            break;
    }
    parameter->setValueNotifyingHost(parameter->convertTo0to1(static_cast<float>(newValue)));
    repaint();
}

void IrDisplay::mouseUp(const juce::MouseEvent&)
{
    if (auto* parameter = parameterFor(dragging_))
        parameter->endChangeGesture();
    dragging_ = Handle::none;
    repaint();
}

void IrDisplay::mouseDoubleClick(const juce::MouseEvent& e)
{
    if (auto* parameter = parameterFor(handleAt(e.position)))
    {
        parameter->beginChangeGesture();
        parameter->setValueNotifyingHost(parameter->getDefaultValue());
        parameter->endChangeGesture();
        repaint();
    }
    else
        setDecibelView(!decibels_); // double-click elsewhere: linear <-> dB
}

} // namespace faltung
