// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "Damping.h"

#include "AlignedBuffer.h"
#include "IrAnalysis.h"
#include "RealFft.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <functional>
#include <numbers>

namespace faltung
{

namespace
{
// Steep, so that an octave's envelope acts on little of its neighbours' sound
// (-72 dB an eighth of an octave from a band's centre). The ringing of such steep
// sides is slow but tiny: at the edge's frequency, at the level of that band's
// share of the direct sound, and it cancels between the bands.
constexpr int kSideOrder = 32;
constexpr double kLowestCentreHz = 31.25;

// The low side of a split at edgeHz: real and positive, so zero-phase.
double lowSide(double f, double edgeHz)
{
    static_assert(kSideOrder == 32); // (f / edge)^32 by squaring: this runs for every bin of every band
    double x = f / edgeHz;
    for (int i = 0; i < 5; ++i)
        x *= x;
    return 1.0 / (1.0 + x);
}

// Zero padding after the IR so that the bands' responses (ringing both ways in
// time) do not wrap around onto it: the slowest pole of 1 / (1 + (f/fc)^32) decays
// at 2 pi fc sin(pi / 64) per second; 25 of those time constants is -217 dB.
std::size_t paddingFor(double lowestEdgeHz, double sampleRate)
{
    const double rate =
        2.0 * std::numbers::pi * lowestEdgeHz * std::sin(std::numbers::pi / (2.0 * kSideOrder));
    return static_cast<std::size_t>(std::ceil(25.0 / rate * sampleRate));
}
// Gives a band the decay factor * its own, in place: its level at time t, L(t) dB
// below its start, becomes L(t) / factor, so the gain is L(t) (1 / factor - 1) dB.
// L is the fitted exponential decay, -60 dB per RT60. A longer decay lifts the
// band, never by more than its own decay curve has fallen: a band holding little
// but the edges of its neighbours, whose fit may say it dies at once, would
// otherwise be lifted by hundreds of dB.
void applyEnvelope(std::vector<std::vector<float>>& band, double sampleRate, double factor, double irSeconds)
{
    const DecayFit fit = fitDecay(band, sampleRate);
    if (fit.decayCurveDb.empty())
        return; // silent
    double rt60 = fit.rt60Seconds;
    if (!std::isfinite(rt60) || rt60 <= 0.0)
        rt60 = irSeconds;
    const double onsetMs = fit.onsetSeconds * 1000.0;
    const auto& curve = fit.decayCurveDb;
    const double curveAtOnset = curve[std::min(curve.size() - 1, static_cast<std::size_t>(onsetMs))];
    // Lundeby's point lies where the decay meets the noise, and is often late by
    // several dB: from 15 dB of decay before it, everything falls at the new rate.
    const double holdMs = std::max(onsetMs, fit.noiseSeconds * 1000.0 - rt60 * 1000.0 / 4.0);
    const double dbPerMs = -60.0 / (rt60 * 1000.0);

    // The gain in dB at each millisecond from the start, then per sample between them.
    std::vector<double> gainDb(curve.size() + 1, 0.0);
    auto levelAt = [&](double ms)
    {
        const double line = dbPerMs * (ms - onsetMs);
        if (factor < 1.0)
            return line; // turning down: exact for an exponential decay, and harmless where not
        const auto i = std::min(curve.size() - 1, static_cast<std::size_t>(ms));
        return std::max(line, static_cast<double>(curve[i]) - curveAtOnset);
    };
    const double heldGain = levelAt(holdMs) * (1.0 / factor - 1.0);
    for (std::size_t i = 0; i < gainDb.size(); ++i)
    {
        const auto ms = static_cast<double>(i);
        if (ms <= onsetMs)
            gainDb[i] = 0.0;
        else if (ms <= holdMs)
            gainDb[i] = levelAt(ms) * (1.0 / factor - 1.0);
        else // the noise, and what decay is left in it, falls at the new rate
            gainDb[i] = heldGain + dbPerMs / factor * (ms - holdMs);
    }
    // Within each millisecond the gain moves by a constant ratio per sample.
    const double samplesPerMs = sampleRate / 1000.0;
    const std::size_t length = band.front().size();
    for (std::size_t i = 0; i + 1 < gainDb.size(); ++i)
    {
        const auto first = static_cast<std::size_t>(std::ceil(static_cast<double>(i) * samplesPerMs));
        const auto last =
            std::min(length, static_cast<std::size_t>(std::ceil(static_cast<double>(i + 1) * samplesPerMs)));
        if (first >= last)
            continue;
        const double perSampleDb = (gainDb[i + 1] - gainDb[i]) / samplesPerMs;
        const double firstDb =
            gainDb[i] + perSampleDb * (static_cast<double>(first) - static_cast<double>(i) * samplesPerMs);
        const double step = std::pow(10.0, perSampleDb / 20.0);
        for (auto& c : band)
        {
            double gain = std::pow(10.0, firstDb / 20.0);
            for (std::size_t n = first; n < last; ++n)
            {
                c[n] = static_cast<float>(c[n] * gain);
                gain *= step;
            }
        }
    }
}
} // namespace

double dampingFactorAt(const DampingSettings& d, double f)
{
    const double low = std::clamp(d.low, 0.25, 2.0), mid = std::clamp(d.mid, 0.25, 2.0),
                 high = std::clamp(d.high, 0.25, 2.0);
    // The crossovers blend over about an octave (1 / (1 + (f / fc)^8)).
    auto below = [f](double crossoverHz) { return 1.0 / (1.0 + std::pow(f / crossoverHz, 8)); };
    const double belowLow = below(d.lowCrossoverHz);
    const double belowHigh = below(std::max(d.lowCrossoverHz, d.highCrossoverHz));
    return std::exp(belowLow * std::log(low) + (belowHigh - belowLow) * std::log(mid) +
                    (1.0 - belowHigh) * std::log(high));
}

void forEachOctaveBand(const std::vector<std::vector<float>>& channels, double sampleRate,
                       const std::function<void(double centreHz, std::vector<std::vector<float>>& band)>& use)
{
    std::vector<double> centres;
    for (double centre = kLowestCentreHz; centre < sampleRate / 2.0; centre *= 2.0)
        centres.push_back(centre);
    const std::size_t length = channels.empty() ? 0 : channels.front().size();
    std::vector<std::vector<float>> rest = channels; // what the bands so far leave: the last band
    if (centres.size() < 2 || length == 0)
    {
        use(kLowestCentreHz, rest);
        return;
    }

    const std::size_t size = std::bit_ceil(
        std::max<std::size_t>(16, length + paddingFor(kLowestCentreHz * std::numbers::sqrt2, sampleRate)));
    RealFft fft(static_cast<int>(size), PlanRigor::estimate);
    const auto bins = static_cast<std::size_t>(fft.numBins());
    std::vector<AlignedBuffer> spectraRe, spectraIm;
    AlignedBuffer time(size), bandRe(bins), bandIm(bins);
    for (const auto& channel : channels)
    {
        spectraRe.emplace_back(bins);
        spectraIm.emplace_back(bins);
        std::fill(time.data(), time.data() + size, 0.0f);
        std::copy(channel.begin(), channel.end(), time.data());
        fft.forward(time.data(), spectraRe.back().data(), spectraIm.back().data());
    }

    std::vector<std::vector<float>> band(channels.size(), std::vector<float>(length));
    std::vector<double> below(bins, 0.0); // the low side of the band's lower edge, per bin
    std::vector<float> gain(bins);
    for (std::size_t b = 0; b + 1 < centres.size(); ++b)
    {
        // The band's response: the low side of its upper edge minus that of its lower one.
        const double edge = centres[b] * std::numbers::sqrt2;
        for (std::size_t k = 0; k < bins; ++k)
        {
            const double upTo =
                lowSide(static_cast<double>(k) * sampleRate / static_cast<double>(size), edge);
            gain[k] = static_cast<float>((upTo - below[k]) / static_cast<double>(size));
            below[k] = upTo;
        }
        for (std::size_t c = 0; c < channels.size(); ++c)
        {
            for (std::size_t k = 0; k < bins; ++k)
            {
                bandRe[k] = spectraRe[c][k] * gain[k];
                bandIm[k] = spectraIm[c][k] * gain[k];
            }
            fft.inverse(bandRe.data(), bandIm.data(), time.data());
            std::copy(time.data(), time.data() + length, band[c].begin());
            for (std::size_t n = 0; n < length; ++n)
                rest[c][n] -= band[c][n];
        }
        use(centres[b], band);
    }
    use(centres.back(), rest);
}

OctaveSplit splitIntoOctaves(const std::vector<std::vector<float>>& channels, double sampleRate)
{
    OctaveSplit split;
    forEachOctaveBand(channels, sampleRate,
                      [&](double centre, std::vector<std::vector<float>>& band)
                      {
                          split.centresHz.push_back(centre);
                          split.bands.push_back(band);
                      });
    return split;
}

void applyDamping(ImpulseResponse& ir, const DampingSettings& damping)
{
    if (damping.isNeutral() || ir.length() == 0)
        return;
    std::vector<std::vector<float>> sum(ir.channels.size(),
                                        std::vector<float>(ir.channels.front().size(), 0.0f));
    forEachOctaveBand(ir.channels, ir.sampleRate,
                      [&](double centre, std::vector<std::vector<float>>& band)
                      {
                          const double factor = dampingFactorAt(damping, centre);
                          if (std::abs(factor - 1.0) > 1e-9)
                              applyEnvelope(band, ir.sampleRate, factor, ir.seconds());
                          for (std::size_t c = 0; c < band.size(); ++c)
                              for (std::size_t n = 0; n < band[c].size(); ++n)
                                  sum[c][n] += band[c][n];
                      });
    ir.channels = std::move(sum);
}

} // namespace faltung
