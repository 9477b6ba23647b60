// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "IrAnalysis.h"

#include "Biquad.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <limits>
#include <numbers>
#include <stdexcept>

namespace faltung
{

namespace
{
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kOnsetThresholdDb = -20.0;
constexpr double kRangeStartDb = -5.0;
constexpr double kT30RangeEndDb = -35.0;
constexpr double kT20RangeEndDb = -25.0;
constexpr double kNoiseMarginDb = 10.0;

double powerToDb(double power)
{
    return power > 0.0 ? 10.0 * std::log10(power) : -std::numeric_limits<double>::infinity();
}

// A 6th-order Butterworth octave band-pass around centre (edges at centre / sqrt 2
// and centre * sqrt 2, -3 dB there, unity gain at the centre), designed from the
// analog 3rd-order low-pass prototype by the low-pass to band-pass transform and
// the bilinear transform, with both edges prewarped. Three sections, each with one
// conjugate pole pair and a zero at DC and at Nyquist. Empty when the band's upper
// edge reaches the Nyquist frequency.
std::vector<Biquad> designOctaveBandPass(double centre, double sampleRate)
{
    using std::numbers::pi;
    const double lower = centre / std::numbers::sqrt2;
    const double upper = centre * std::numbers::sqrt2;
    if (upper >= 0.5 * sampleRate)
        return {};

    const double k = 2.0 * sampleRate;
    const double w1 = k * std::tan(pi * lower / sampleRate);
    const double w2 = k * std::tan(pi * upper / sampleRate);
    const double w0 = std::sqrt(w1 * w2);
    const double bandwidth = w2 - w1;
    const std::complex<double> centreZ = std::polar(1.0, 2.0 * std::atan(w0 / k));

    constexpr int prototypeOrder = 3;
    std::vector<Biquad> sections;
    for (int i = 0; i < prototypeOrder; ++i)
    {
        const std::complex<double> p =
            std::polar(1.0, pi * (2.0 * i + prototypeOrder + 1) / (2.0 * prototypeOrder));
        const std::complex<double> root = std::sqrt(p * p * bandwidth * bandwidth - 4.0 * w0 * w0);
        for (const std::complex<double> s : {(p * bandwidth + root) / 2.0, (p * bandwidth - root) / 2.0})
        {
            if (s.imag() <= 0.0)
                continue; // its conjugate comes from the conjugate prototype pole
            const std::complex<double> z = (k + s) / (k - s);
            Biquad section;
            section.b0 = 1.0;
            section.b2 = -1.0;
            section.a1 = -2.0 * z.real();
            section.a2 = std::norm(z);
            const std::complex<double> zi = 1.0 / centreZ;
            const double gain = std::abs((1.0 - zi * zi) / (1.0 + section.a1 * zi + section.a2 * zi * zi));
            section.b0 /= gain;
            section.b2 /= gain;
            sections.push_back(section);
        }
    }
    return sections;
}

// Energy per sample summed over channels, optionally through a filter.
std::vector<double> energy(const std::vector<std::vector<float>>& channels, std::size_t length,
                           const std::vector<Biquad>* filter)
{
    std::vector<double> e(length, 0.0);
    for (const auto& channel : channels)
    {
        std::vector<Biquad> sections = filter != nullptr ? *filter : std::vector<Biquad>{};
        for (std::size_t n = 0; n < length; ++n)
        {
            double x = channel[n];
            for (auto& s : sections)
                x = s.process(x);
            e[n] += x * x;
        }
    }
    return e;
}

struct LineFit
{
    double slope = 0.0; // y per x
    double intercept = 0.0;
};

// Least-squares line through (x(i), y(i)) for i in [first, last).
template <typename X, typename Y>
LineFit fitLine(std::size_t first, std::size_t last, X x, Y y)
{
    const double count = static_cast<double>(last - first);
    double meanX = 0.0, meanY = 0.0;
    for (std::size_t i = first; i < last; ++i)
    {
        meanX += x(i);
        meanY += y(i);
    }
    meanX /= count;
    meanY /= count;
    double sxy = 0.0, sxx = 0.0;
    for (std::size_t i = first; i < last; ++i)
    {
        const double dx = x(i) - meanX;
        sxy += dx * (y(i) - meanY);
        sxx += dx * dx;
    }
    LineFit fit;
    fit.slope = sxx > 0.0 ? sxy / sxx : 0.0;
    fit.intercept = meanY - fit.slope * meanX;
    return fit;
}

// Mean energy per window of `window` samples from `start`, in dB; whole windows only.
struct WindowedLevels
{
    std::size_t start = 0;
    std::size_t window = 1;
    std::vector<double> db;

    double centre(std::size_t i) const
    {
        return static_cast<double>(start + i * window) + 0.5 * static_cast<double>(window - 1);
    }
};

WindowedLevels windowedLevels(const std::vector<double>& e, std::size_t start, std::size_t window)
{
    WindowedLevels levels;
    levels.start = start;
    levels.window = window;
    const std::size_t count = (e.size() - start) / window;
    levels.db.reserve(count);
    for (std::size_t i = 0; i < count; ++i)
    {
        double sum = 0.0;
        for (std::size_t n = start + i * window; n < start + (i + 1) * window; ++n)
            sum += e[n];
        levels.db.push_back(std::max(powerToDb(sum / static_cast<double>(window)), -400.0));
    }
    return levels;
}

double meanOf(const std::vector<double>& e, std::size_t first)
{
    double sum = 0.0;
    for (std::size_t n = first; n < e.size(); ++n)
        sum += e[n];
    return first < e.size() ? sum / static_cast<double>(e.size() - first) : 0.0;
}

// Where the Schroeder integral stops, and what it adds for the decay beyond.
struct Truncation
{
    std::size_t end = 0;           // integrate the energy up to here
    double tailEnergy = 0.0;       // the energy the decay would have had past end
    double slopeDbPerSample = 0.0; // the late decay, to extend the curve past end
    bool measurable = true;        // false when no decay stands out of the noise
};

// Lundeby et al., "Uncertainties of measurements in room acoustics", Acustica 81
// (1995): estimate the noise floor from the end of the response, fit the decay above
// it, find where the two meet, and iterate with windows scaled to the decay rate.
Truncation findNoiseTruncation(const std::vector<double>& e, std::size_t start, double sampleRate)
{
    Truncation result;
    result.end = e.size();
    if (start >= e.size())
    {
        result.measurable = false;
        return result;
    }
    const std::size_t span = e.size() - start;
    const std::size_t lastTenthBegin = start + span - std::max<std::size_t>(1, span / 10);

    double noise = meanOf(e, lastTenthBegin);
    if (noise <= 0.0)
    {
        // Exact silence after the response: nothing to remove, just stop at its end.
        while (result.end > start && e[result.end - 1] == 0.0)
            --result.end;
        result.measurable = result.end > start;
        return result;
    }

    const std::size_t maxWindow = std::max<std::size_t>(1, span / 10);
    // In doubles first: a decay fitted almost flat asks for windows beyond any integer.
    auto clampWindow = [&](double w)
    { return static_cast<std::size_t>(std::lround(std::clamp(w, 1.0, static_cast<double>(maxWindow)))); };

    WindowedLevels levels = windowedLevels(e, start, clampWindow(0.01 * sampleRate));
    if (levels.db.size() < 3)
        return result; // too short to tell a noise floor from the decay: use it all

    auto firstBelow = [](const std::vector<double>& db, std::size_t from, double threshold)
    {
        std::size_t i = from;
        while (i < db.size() && db[i] >= threshold)
            ++i;
        return i;
    };
    // Just past the last window in [from, to) at or above threshold (from if none).
    // Searching from the noise backwards keeps the range whole when the decay
    // fluctuates, as a decay made of separate echoes does.
    auto endOfLevelsAbove =
        [](const std::vector<double>& db, std::size_t from, std::size_t to, double threshold)
    {
        std::size_t end = from;
        for (std::size_t i = from; i < std::min(to, db.size()); ++i)
            if (db[i] >= threshold)
                end = i + 1;
        return end;
    };
    auto windowIndex = [&](double sample)
    { return static_cast<std::size_t>(std::max(0.0, sample - static_cast<double>(start))) / levels.window; };
    auto fitLevels = [&](std::size_t first, std::size_t last)
    {
        return fitLine(
            first, last, [&](std::size_t i) { return levels.centre(i); },
            [&](std::size_t i) { return levels.db[i]; });
    };

    double noiseDb = powerToDb(noise);
    std::size_t peak =
        static_cast<std::size_t>(std::max_element(levels.db.begin(), levels.db.end()) - levels.db.begin());
    std::size_t decayEnd =
        endOfLevelsAbove(levels.db, peak, windowIndex(static_cast<double>(lastTenthBegin)), noiseDb + 10.0);
    if (decayEnd < peak + 2)
    {
        result.measurable = false;
        return result;
    }
    // Found by the IR fuzzer: a degenerate fit (levels all equal, or of huge values)
    // has a NaN slope, which every comparison below lets through unless it asks
    // the other way round.
    LineFit decay = fitLevels(peak, decayEnd);
    if (!(decay.slope < 0.0) || !std::isfinite(decay.intercept))
    {
        result.measurable = false;
        return result;
    }
    const double lastSample = static_cast<double>(e.size());
    auto crossing = [&](const LineFit& line, double levelDb)
    {
        const double at = (levelDb - line.intercept) / line.slope;
        return std::isfinite(at) ? std::clamp(at, static_cast<double>(start), lastSample) : lastSample;
    };
    double cross = crossing(decay, noiseDb);

    for (int iteration = 0; iteration < 5; ++iteration)
    {
        const double samplesPer10Db = -10.0 / decay.slope;
        levels = windowedLevels(e, start, clampWindow(samplesPer10Db / 5.0));
        const double noiseBegin = std::min(cross + samplesPer10Db, static_cast<double>(lastTenthBegin));
        const double newNoise = meanOf(e, static_cast<std::size_t>(noiseBegin));
        if (newNoise <= 0.0 || levels.db.size() < 3)
            break;
        peak = static_cast<std::size_t>(std::max_element(levels.db.begin(), levels.db.end()) -
                                        levels.db.begin());
        const double newNoiseDb = powerToDb(newNoise);
        // The late decay: a range of up to 20 dB ending 5 dB above the noise.
        const std::size_t from = firstBelow(levels.db, peak, newNoiseDb + 25.0);
        const std::size_t to = endOfLevelsAbove(levels.db, from, windowIndex(noiseBegin), newNoiseDb + 5.0);
        if (to < from + 2)
            break;
        const LineFit late = fitLevels(from, to);
        if (!(late.slope < 0.0) || !std::isfinite(late.intercept))
            break;
        decay = late;
        noiseDb = newNoiseDb;
        const double newCross = crossing(decay, noiseDb);
        const bool converged = std::abs(newCross - cross) < static_cast<double>(levels.window);
        cross = newCross;
        if (converged)
            break;
    }

    result.end = std::clamp<std::size_t>(static_cast<std::size_t>(std::lround(cross)), start + 1, e.size());
    result.slopeDbPerSample = decay.slope;
    const double levelAtEnd = decay.intercept + decay.slope * static_cast<double>(result.end);
    const double decayPerSample = -decay.slope * std::numbers::ln10 / 10.0; // natural log units
    result.tailEnergy = std::pow(10.0, levelAtEnd / 10.0) / decayPerSample;
    return result;
}

// Schroeder's backward integral up to the truncation, plus the decay beyond it;
// past the truncation point the curve follows the fitted late decay.
std::vector<double> schroederIntegral(const std::vector<double>& e, const Truncation& truncation)
{
    std::vector<double> edc(e.size(), 0.0);
    double sum = truncation.tailEnergy;
    for (std::size_t n = truncation.end; n < e.size(); ++n)
        edc[n] = truncation.tailEnergy *
                 std::pow(10.0, truncation.slopeDbPerSample * static_cast<double>(n - truncation.end) / 10.0);
    for (std::size_t n = truncation.end; n-- > 0;)
    {
        sum += e[n];
        edc[n] = sum;
    }
    return edc;
}

// T30 from the decay curve, or T20 when the decay does not reach far enough above
// the noise for T30. As ISO 3382-1 asks, the bottom of the evaluation range must lie
// at least 10 dB above the noise, which here is where the measured curve ends.
double reverberationTime(const std::vector<double>& edc, std::size_t onset, std::size_t end,
                         double sampleRate)
{
    if (onset >= end || !(edc[onset] > 0.0))
        return kNaN;
    const double reference = edc[onset];
    auto levelDb = [&](std::size_t n) { return powerToDb(edc[n] / reference); };
    const double measuredFloorDb = levelDb(std::min(end, edc.size() - 1));
    for (const double bottomDb : {kT30RangeEndDb, kT20RangeEndDb})
    {
        if (measuredFloorDb > bottomDb - kNoiseMarginDb)
            continue;
        std::size_t first = end;
        std::size_t n = onset;
        for (; n < end; ++n)
        {
            const double level = levelDb(n);
            if (first == end && level <= kRangeStartDb)
                first = n;
            if (level < bottomDb)
                break;
        }
        if (n == end || first == end || n < first + 3)
            continue; // too few samples in the range
        const LineFit fit = fitLine(
            first, n, [](std::size_t i) { return static_cast<double>(i); }, levelDb);
        if (fit.slope < 0.0)
            return -60.0 / fit.slope / sampleRate;
    }
    return kNaN;
}

struct DecayMeasurement
{
    double rt60 = kNaN;
    std::size_t noiseBegins = 0; // where the integral stopped
    std::vector<double> edc;
};

DecayMeasurement measureDecay(const std::vector<double>& e, std::size_t onset, double sampleRate)
{
    DecayMeasurement m;
    const Truncation truncation = findNoiseTruncation(e, onset, sampleRate);
    m.noiseBegins = truncation.end;
    m.edc = schroederIntegral(e, truncation);
    if (truncation.measurable)
        m.rt60 = reverberationTime(m.edc, onset, truncation.end, sampleRate);
    return m;
}

float peakOf(const std::vector<std::vector<float>>& channels)
{
    float peak = 0.0f;
    for (const auto& channel : channels)
        for (const float x : channel)
            peak = std::max(peak, std::abs(x));
    return peak;
}

// The first sample of any channel within 20 dB of the peak.
std::size_t onsetOf(const std::vector<std::vector<float>>& channels, std::size_t length, float peak)
{
    const float threshold = peak * static_cast<float>(std::pow(10.0, kOnsetThresholdDb / 20.0));
    std::size_t onset = length;
    for (const auto& channel : channels)
        for (std::size_t n = 0; n < std::min(onset, length); ++n)
            if (std::abs(channel[n]) >= threshold)
            {
                onset = n;
                break;
            }
    return onset;
}

// Abel and Huang, "A simple, robust measure of reverberation echo density" (AES
// 121st Convention, 2006): in a window around each time, the share of samples
// (Hann-weighted, over all channels) whose magnitude exceeds the window's standard
// deviation, divided by that share for Gaussian noise, erfc(1/sqrt 2). Echoes
// apart give less than 1; a diffuse tail about 1. Evaluated every millisecond.
double mixingTime(const std::vector<std::vector<float>>& channels, std::size_t length, std::size_t onset,
                  double sampleRate)
{
    constexpr double kGaussianShare = 0.31731050786291415; // erfc(1 / sqrt 2)
    // Diffuse: within the scatter of a decaying tail's density about 1 (a 20 ms window
    // of a tail that falls a dB or so across it sits a few % below 1).
    constexpr double kDiffuseDensity = 0.95;
    constexpr double kWindowSeconds = 0.020;
    constexpr double kSearchSeconds = 0.300;
    const auto half = static_cast<std::size_t>(std::lround(kWindowSeconds * sampleRate / 2.0));
    const auto hop = std::max<std::size_t>(1, static_cast<std::size_t>(std::lround(sampleRate / 1000.0)));
    std::vector<double> weight(2 * half + 1);
    double weightSum = 0.0;
    for (std::size_t i = 0; i < weight.size(); ++i)
    {
        weight[i] = 0.5 - 0.5 * std::cos(2.0 * std::numbers::pi * static_cast<double>(i + 1) /
                                         static_cast<double>(weight.size() + 1));
        weightSum += weight[i] * static_cast<double>(channels.size());
    }
    const auto last = std::min(length, onset + static_cast<std::size_t>(kSearchSeconds * sampleRate));
    for (std::size_t centre = onset + half; centre + half < last; centre += hop)
    {
        double power = 0.0;
        for (const auto& channel : channels)
            for (std::size_t i = 0; i < weight.size(); ++i)
            {
                const double x = channel[centre - half + i];
                power += weight[i] * x * x;
            }
        const double sigma = std::sqrt(power / weightSum);
        double above = 0.0;
        for (const auto& channel : channels)
            for (std::size_t i = 0; i < weight.size(); ++i)
                if (std::abs(channel[centre - half + i]) > sigma)
                    above += weight[i];
        if (sigma > 0.0 && above / weightSum / kGaussianShare >= kDiffuseDensity)
            return static_cast<double>(centre - onset) / sampleRate;
    }
    return kNaN;
}

std::size_t curvePointsFor(std::size_t length, double sampleRate)
{
    return static_cast<std::size_t>(std::ceil(static_cast<double>(length) * 1000.0 / sampleRate));
}

// The decay curve in dB, one point per millisecond, 0 dB at the first sample.
std::vector<float> decayCurveOf(const std::vector<double>& edc, double sampleRate)
{
    const std::size_t length = edc.size();
    std::vector<float> curve(curvePointsFor(length, sampleRate));
    for (std::size_t i = 0; i < curve.size(); ++i)
    {
        const auto n = std::min(
            length - 1, static_cast<std::size_t>(std::lround(static_cast<double>(i) * sampleRate / 1000.0)));
        curve[i] = static_cast<float>(std::max(powerToDb(edc[n] / edc.front()), kDecayCurveFloorDb));
    }
    return curve;
}

std::size_t checkedLength(const std::vector<std::vector<float>>& channels, double sampleRate)
{
    if (!(sampleRate > 0.0) || !std::isfinite(sampleRate))
        throw std::invalid_argument("analyseImpulseResponse: the sample rate must be positive");
    const std::size_t length = channels.empty() ? 0 : channels.front().size();
    for (const auto& channel : channels)
        if (channel.size() != length)
            throw std::invalid_argument("analyseImpulseResponse: the channels differ in length");
    return length;
}
} // namespace

EarlyTimes measureEarlyTimes(const std::vector<std::vector<float>>& channels, double sampleRate)
{
    const std::size_t length = checkedLength(channels, sampleRate);
    const float peak = peakOf(channels);
    if (peak == 0.0f)
        return {kNaN, kNaN};
    const std::size_t onset = onsetOf(channels, length, peak);
    return {static_cast<double>(onset) / sampleRate, mixingTime(channels, length, onset, sampleRate)};
}

DecayFit fitDecay(const std::vector<std::vector<float>>& channels, double sampleRate)
{
    const std::size_t length = checkedLength(channels, sampleRate);
    DecayFit fit{kNaN, kNaN, kNaN};
    const float peak = peakOf(channels);
    if (peak == 0.0f)
        return fit;
    const std::size_t onset = onsetOf(channels, length, peak);
    const DecayMeasurement m = measureDecay(energy(channels, length, nullptr), onset, sampleRate);
    fit.onsetSeconds = static_cast<double>(onset) / sampleRate;
    fit.rt60Seconds = m.rt60;
    fit.noiseSeconds = static_cast<double>(m.noiseBegins) / sampleRate;
    fit.decayCurveDb = decayCurveOf(m.edc, sampleRate);
    return fit;
}

IrAnalysis analyseImpulseResponse(const std::vector<std::vector<float>>& channels, double sampleRate)
{
    const std::size_t length = checkedLength(channels, sampleRate);
    IrAnalysis a;
    a.sampleRate = sampleRate;
    a.length = static_cast<int>(length);
    a.numChannels = static_cast<int>(channels.size());
    a.lengthSeconds = static_cast<double>(length) / sampleRate;
    a.rt60Seconds = kNaN;
    a.rt60PerOctave.fill(kNaN);
    a.onsetSeconds = kNaN;
    a.mixingTimeSeconds = kNaN;

    const float peak = peakOf(channels);
    a.peakDb = 20.0 * std::log10(static_cast<double>(peak)); // -inf when silent

    a.decayCurveDb.assign(curvePointsFor(length, sampleRate), static_cast<float>(kDecayCurveFloorDb));
    if (peak == 0.0f)
        return a;

    const std::size_t onset = onsetOf(channels, length, peak);
    a.onsetSeconds = static_cast<double>(onset) / sampleRate;
    a.mixingTimeSeconds = mixingTime(channels, length, onset, sampleRate);

    const DecayMeasurement broadband = measureDecay(energy(channels, length, nullptr), onset, sampleRate);
    a.rt60Seconds = broadband.rt60;
    a.decayCurveDb = decayCurveOf(broadband.edc, sampleRate);

    for (std::size_t band = 0; band < kOctaveBandCentres.size(); ++band)
    {
        const std::vector<Biquad> filter = designOctaveBandPass(kOctaveBandCentres[band], sampleRate);
        if (filter.empty())
            continue;
        a.rt60PerOctave[band] = measureDecay(energy(channels, length, &filter), onset, sampleRate).rt60;
    }
    return a;
}

} // namespace faltung
