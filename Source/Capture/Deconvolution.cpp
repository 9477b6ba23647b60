// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "Deconvolution.h"

#include "AlignedBuffer.h"
#include "IrAnalysis.h"
#include "RealFft.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <sstream>

namespace faltung
{

namespace
{
constexpr double kFullScale = 0.999;          // a sample this loud is taken as clipped
constexpr double kMinPeakToMedianDb = 25.0;   // below: nothing answers the sweep (noise reaches about 18)
constexpr double kMinPeakToNoiseDb = 35.0;    // below: the response is too close to the noise to use
constexpr double kGuardSeconds = 0.005;       // kept before the response when the repeats are aligned
constexpr double kPreOnsetSeconds = 0.001;    // kept before the onset in the IR
constexpr double kMaxLatencySeconds = 1.0;    // the furthest the response may come after the sweep
constexpr double kNormalisedPeak = 0.8912509; // -1 dBFS
constexpr int kHighestHarmonic = 5;

int nextPowerOfTwo(int n)
{
    int p = 1;
    while (p < n)
        p *= 2;
    return p;
}

std::string seconds(double s)
{
    std::ostringstream text;
    text.precision(3);
    text << s << " s";
    return text.str();
}

std::string decibels(double db)
{
    std::ostringstream text;
    text.precision(3);
    text << db << " dB";
    return text.str();
}

// Linear convolution with the sweep's inverse filter, and spectral division, at one
// FFT size: the longest segment plus the filter.
class Deconvolver
{
public:
    Deconvolver(const InverseFilter& inverse, int segmentLength)
        : n_(nextPowerOfTwo(segmentLength + static_cast<int>(inverse.taps.size()) - 1))
        , fft_(n_, PlanRigor::estimate)
        , time_(static_cast<std::size_t>(n_))
        , re_(static_cast<std::size_t>(fft_.numBins()))
        , im_(static_cast<std::size_t>(fft_.numBins()))
        , inverseRe_(static_cast<std::size_t>(fft_.numBins()))
        , inverseIm_(static_cast<std::size_t>(fft_.numBins()))
    {
        load(inverse.taps);
        fft_.forward(time_.data(), inverseRe_.data(), inverseIm_.data());
    }

    int size() const { return n_; }

    // segment (*) inverse, n_ samples long.
    std::vector<float> deconvolve(const std::vector<float>& segment)
    {
        load(segment);
        fft_.forward(time_.data(), re_.data(), im_.data());
        for (int k = 0; k < fft_.numBins(); ++k)
        {
            const float a = re_.data()[k], b = im_.data()[k];
            const float c = inverseRe_.data()[k], d = inverseIm_.data()[k];
            re_.data()[k] = a * c - b * d;
            im_.data()[k] = a * d + b * c;
        }
        return backToTime();
    }

    // The magnitude of the band the measurement passes, |sweep (*) inverse|, per bin.
    std::vector<double> bandOf(const std::vector<float>& sweep)
    {
        load(deconvolve(sweep));
        fft_.forward(time_.data(), re_.data(), im_.data());
        std::vector<double> band(static_cast<std::size_t>(fft_.numBins()));
        for (std::size_t k = 0; k < band.size(); ++k)
            band[k] = std::hypot(static_cast<double>(re_.data()[k]), static_cast<double>(im_.data()[k]));
        return band;
    }

    // x / reference, shaped by the measurement's band (so that the result is band-
    // limited as a response without a loopback is), regularised where the reference
    // has nothing, and moved `delay` samples later: the reference's own delay and
    // response leave x, which keeps its place relative to a pure `delay`.
    std::vector<float> divide(const std::vector<float>& x, const std::vector<float>& reference, int delay,
                              const std::vector<double>& band)
    {
        const auto bins = static_cast<std::size_t>(fft_.numBins());
        std::vector<double> refRe(bins), refIm(bins);
        load(reference);
        fft_.forward(time_.data(), re_.data(), im_.data());
        double maxPower = 0.0;
        for (std::size_t k = 0; k < bins; ++k)
        {
            refRe[k] = re_.data()[k];
            refIm[k] = im_.data()[k];
            maxPower = std::max(maxPower, refRe[k] * refRe[k] + refIm[k] * refIm[k]);
        }
        load(x);
        fft_.forward(time_.data(), re_.data(), im_.data());
        for (std::size_t k = 0; k < bins; ++k)
        {
            const double cr = refRe[k], ci = refIm[k];
            const double a = re_.data()[k], b = im_.data()[k];
            const double d = (cr * cr + ci * ci + 1e-8 * maxPower) / band[k];
            // (a + ib)(cr - i ci) / d, times e^(-i 2 pi k delay / n)
            const double qr = (a * cr + b * ci) / d;
            const double qi = (b * cr - a * ci) / d;
            const double angle = -2.0 * std::numbers::pi * static_cast<double>(k) * delay / n_;
            re_.data()[k] = static_cast<float>(qr * std::cos(angle) - qi * std::sin(angle));
            im_.data()[k] = static_cast<float>(qr * std::sin(angle) + qi * std::cos(angle));
        }
        return backToTime();
    }

private:
    void load(const std::vector<float>& x)
    {
        std::fill(time_.data(), time_.data() + n_, 0.0f);
        std::copy_n(x.begin(), std::min<std::size_t>(x.size(), static_cast<std::size_t>(n_)), time_.data());
    }

    std::vector<float> backToTime()
    {
        fft_.inverse(re_.data(), im_.data(), time_.data());
        std::vector<float> y(time_.data(), time_.data() + n_);
        const float scale = 1.0f / static_cast<float>(n_);
        for (auto& v : y)
            v *= scale;
        return y;
    }

    int n_;
    RealFft fft_;
    AlignedBuffer time_, re_, im_, inverseRe_, inverseIm_;
};

double energy(const std::vector<std::vector<float>>& channels, int from, int to)
{
    double e = 0.0;
    for (const auto& c : channels)
        for (int i = std::max(0, from); i < std::min(to, static_cast<int>(c.size())); ++i)
            e += static_cast<double>(c[static_cast<std::size_t>(i)]) * c[static_cast<std::size_t>(i)];
    return e;
}

// The index of the largest power summed over the channels, within [from, to).
int peakIndex(const std::vector<std::vector<float>>& channels, int from, int to)
{
    int best = from;
    double bestPower = -1.0;
    for (int i = std::max(0, from); i < std::min(to, static_cast<int>(channels[0].size())); ++i)
    {
        double p = 0.0;
        for (const auto& c : channels)
            p += static_cast<double>(c[static_cast<std::size_t>(i)]) * c[static_cast<std::size_t>(i)];
        if (p > bestPower)
        {
            bestPower = p;
            best = i;
        }
    }
    return best;
}

// A segment of a channel from `start` (zeros past the recording's end).
std::vector<float> segmentOf(const std::vector<float>& channel, int start, int length)
{
    std::vector<float> s(static_cast<std::size_t>(length), 0.0f);
    for (int i = 0; i < length && start + i < static_cast<int>(channel.size()); ++i)
        if (start + i >= 0)
            s[static_cast<std::size_t>(i)] = channel[static_cast<std::size_t>(start + i)];
    return s;
}

void checkRecording(const std::vector<std::vector<float>>& recording, double sampleRate,
                    const SweepSpec& spec, const SweepLayout& layout, const CaptureOptions& options)
{
    if (std::abs(sampleRate - spec.sampleRate) > 0.5)
    {
        std::ostringstream why;
        why << "the recording is at " << sampleRate << " Hz and the sweep at " << spec.sampleRate
            << " Hz: record at the sweep's rate, or make the sweep at the recording's";
        throw CaptureError(why.str());
    }
    const int channels = static_cast<int>(recording.size());
    if (options.loopbackChannel >= channels)
        throw CaptureError("the recording has no channel " + std::to_string(options.loopbackChannel + 1) +
                           " for the loopback: it has " + std::to_string(channels));
    const int microphones = channels - (options.loopbackChannel >= 0 ? 1 : 0);
    if (microphones < 1 || microphones > 2)
        throw CaptureError("the recording has " + std::to_string(microphones) +
                           " microphone channels: one or two are measured" +
                           (options.loopbackChannel >= 0 ? " (besides the loopback)" : ""));
    if (spec.trueStereo && microphones != 2)
        throw CaptureError("a true-stereo sweep needs a recording with two microphone channels");
    const int needed = layout.sweepStart(layout.speakers - 1, layout.repeats - 1) + layout.sweepLength;
    const int length = recording.empty() ? 0 : static_cast<int>(recording[0].size());
    if (length < needed)
        throw CaptureError("the recording is shorter than the sweep: it lasts " +
                           seconds(length / sampleRate) + ", and the sweep file's last sweep ends at " +
                           seconds(needed / sampleRate) + "; record the whole sweep file");
    for (std::size_t c = 0; c < recording.size(); ++c)
    {
        int clipped = 0, first = -1;
        for (int i = 0; i < length; ++i)
            if (std::abs(recording[c][static_cast<std::size_t>(i)]) >= kFullScale)
            {
                ++clipped;
                first = first < 0 ? i : first;
            }
        if (clipped > 0)
            throw CaptureError("the recording clips: channel " + std::to_string(c + 1) +
                               " reaches full scale at " + seconds(first / sampleRate) + " (" +
                               std::to_string(clipped) +
                               " samples); lower the sweep level or the input gain");
    }
}
} // namespace

CaptureResult deconvolveSweepRecording(const std::vector<std::vector<float>>& recording, double sampleRate,
                                       const SweepSpec& spec, const CaptureOptions& options)
{
    const auto layout = layoutOf(spec);
    checkRecording(recording, sampleRate, spec, layout, options);
    const double fs = spec.sampleRate;

    std::vector<std::vector<float>> microphones;
    for (std::size_t c = 0; c < recording.size(); ++c)
        if (static_cast<int>(c) != options.loopbackChannel)
            microphones.push_back(recording[c]);
    const bool loopback = options.loopbackChannel >= 0;
    const auto& reference =
        loopback ? recording[static_cast<std::size_t>(options.loopbackChannel)] : microphones[0];

    const auto inverse = inverseFilter(spec);
    Deconvolver deconvolver(inverse, layout.period);
    const int guard = static_cast<int>(std::lround(kGuardSeconds * fs));
    const int secondHarmonicLead = static_cast<int>(layout.harmonicLeadSeconds(2) * fs);

    // Where the response to the first sweep is: nothing else may stand out so far
    // above the deconvolved noise, and it comes after the sweep, within a second.
    const auto first = deconvolver.deconvolve(segmentOf(reference, layout.sweepStart(0, 0), layout.period));
    const int maxLatency = static_cast<int>(kMaxLatencySeconds * fs);
    const int found = peakIndex({first}, 0, static_cast<int>(first.size()));
    // The noise, as the median power where the response to the sweep may be (from
    // the harmonics to the end of the sweep's silence): robust to the response
    // itself, and clear of the convolution's ramps and zero padding.
    const int medianFrom = std::max(0, inverse.delay - secondHarmonicLead / 2);
    const int medianTo = std::max(medianFrom + 1, std::min(layout.period, static_cast<int>(first.size())));
    std::vector<float> powers;
    for (int i = medianFrom; i < medianTo; ++i)
        powers.push_back(first[static_cast<std::size_t>(i)] * first[static_cast<std::size_t>(i)]);
    std::nth_element(powers.begin(), powers.begin() + static_cast<std::ptrdiff_t>(powers.size() / 2),
                     powers.end());
    const double median = std::max(1e-30, static_cast<double>(powers[powers.size() / 2]));
    const double peakToMedianDb =
        10.0 * std::log10(static_cast<double>(first[static_cast<std::size_t>(found)]) *
                          first[static_cast<std::size_t>(found)] /
                          (median / 0.455)); // 0.455: a Gaussian's median power
    if (!(peakToMedianDb >= kMinPeakToMedianDb) || found < inverse.delay - secondHarmonicLead / 2 ||
        found > inverse.delay + maxLatency)
        throw CaptureError(
            "no sweep found in the recording: nothing in it answers the sweep (is it the recording "
            "of this sweep file, and did the sweep reach the microphone?)");

    // Every repeat's segment starts a guard before that response, so that its tail
    // stays within the segment; the repeats are averaged, then deconvolved.
    const int shift = std::max(0, found - inverse.delay - guard);
    const int speakers = layout.speakers;
    const auto band = loopback ? deconvolver.bandOf(exponentialSweep(spec)) : std::vector<double>{};
    std::vector<std::vector<float>> responses; // per speaker, per microphone
    std::vector<std::vector<float>> loopResponses;
    for (int speaker = 0; speaker < speakers; ++speaker)
    {
        const auto averaged = [&](const std::vector<float>& channel)
        {
            std::vector<float> sum(static_cast<std::size_t>(layout.period), 0.0f);
            for (int repeat = 0; repeat < layout.repeats; ++repeat)
            {
                const auto s = segmentOf(channel, layout.sweepStart(speaker, repeat) + shift, layout.period);
                for (std::size_t i = 0; i < sum.size(); ++i)
                    sum[i] += s[i];
            }
            for (auto& v : sum)
                v /= static_cast<float>(layout.repeats);
            return sum;
        };
        std::vector<float> loop;
        if (loopback)
            loop = deconvolver.deconvolve(averaged(reference));
        for (const auto& microphone : microphones)
        {
            auto h = deconvolver.deconvolve(averaged(microphone));
            if (loopback)
                h = deconvolver.divide(h, loop, inverse.delay, band);
            responses.push_back(std::move(h));
        }
        if (loopback)
            loopResponses.push_back(std::move(loop));
    }

    // The linear response: its peak, and its onset (the first sample within 20 dB
    // of the peak, looked for after the harmonics).
    const int searchFrom = inverse.delay - secondHarmonicLead / 2;
    const int searchTo = deconvolver.size();
    const int peak = peakIndex(responses, searchFrom, searchTo);
    double peakPower = 0.0;
    for (const auto& r : responses)
        peakPower = std::max(peakPower, static_cast<double>(r[static_cast<std::size_t>(peak)]) *
                                            r[static_cast<std::size_t>(peak)]);
    int onset = peak;
    for (int i = searchFrom; i <= peak; ++i)
    {
        bool loud = false;
        for (const auto& r : responses)
            loud = loud ||
                   static_cast<double>(r[static_cast<std::size_t>(i)]) * r[static_cast<std::size_t>(i)] >=
                       0.01 * peakPower;
        if (loud)
        {
            onset = i;
            break;
        }
    }

    CaptureResult result;
    result.sampleRate = fs;
    auto& report = result.report;
    report.loopback = loopback;
    report.repeatsAveraged = layout.repeats;
    // With the loopback divided out, the responses sit where a pure delay would put
    // them: its latency is the loopback's own peak.
    report.latencySamples = loopback ? peakIndex(loopResponses, 0, deconvolver.size()) - inverse.delay + shift
                                     : onset - inverse.delay + shift;
    report.latencySeconds = report.latencySamples / fs;

    // The IR: from just before the onset to where the silence after the sweep ends
    // (past it, the response is the sweep's next repeat, or nothing recorded).
    const int start = onset - std::min(static_cast<int>(kPreOnsetSeconds * fs), secondHarmonicLead / 4);
    int end = inverse.delay + (layout.period - layout.sweepLength) - (found - inverse.delay - shift);
    if (options.maxSeconds > 0.0)
        end = std::min(end, start + static_cast<int>(options.maxSeconds * fs));
    end = std::min(end, deconvolver.size());
    const int irLength = end - start;
    std::vector<std::vector<float>> ir;
    for (const auto& r : responses)
        ir.emplace_back(r.begin() + start, r.begin() + end);

    // The noise: past the point where the decay meets it (Lundeby), or the last
    // tenth when the decay never does.
    const auto decay = fitDecay(ir, fs);
    int noiseAt = std::isfinite(decay.noiseSeconds) ? static_cast<int>(decay.noiseSeconds * fs) : irLength;
    noiseAt = std::clamp(noiseAt, 1, irLength);
    const int noiseFrom = noiseAt <= irLength - irLength / 10 ? noiseAt : irLength - irLength / 10;
    const double noisePower = energy(ir, noiseFrom, irLength) /
                              (static_cast<double>(irLength - noiseFrom) * static_cast<double>(ir.size()));
    const double irPeakPower = peakPower;
    report.peakToNoiseDb = 10.0 * std::log10(irPeakPower / std::max(noisePower, 1e-30));
    if (report.peakToNoiseDb < kMinPeakToNoiseDb)
        throw CaptureError("the sweep is below the noise floor: the response is only " +
                           decibels(report.peakToNoiseDb) + " above the noise (" +
                           decibels(kMinPeakToNoiseDb) +
                           " needed); raise the sweep level or the input gain, or average more repeats");

    // The harmonics, each in a window where it should be (L ln k before the peak,
    // from a quarter of the way to the next higher one to half the way to the next
    // lower), against the linear response in a window as long around its peak; the
    // noise's share of each window taken out. A harmonic within the noise is
    // reported at the noise's level in its window, and not counted.
    double harmonicEnergy = 0.0, loudestFloor = 0.0;
    for (int k = 2; k <= kHighestHarmonic; ++k)
    {
        const double lead = layout.harmonicLeadSeconds(k);
        const double spacing = lead - layout.harmonicLeadSeconds(k - 1);
        const int predicted = peak - static_cast<int>(std::lround(lead * fs));
        const int before = static_cast<int>(0.25 * spacing * fs),
                  after = static_cast<int>(0.5 * spacing * fs);
        if (predicted - before < 0 || before < 1)
            break;
        const double noise = noisePower * (before + after) * static_cast<double>(responses.size());
        const double linear = energy(responses, peak - before, peak + after) - noise;
        const double excess = energy(responses, predicted - before, predicted + after) - noise;
        HarmonicReport h;
        h.order = k;
        h.predictedSeconds = lead;
        h.foundSeconds = (peak - peakIndex(responses, predicted - before, predicted + after)) / fs;
        h.belowNoise = excess < noise; // less than the noise's own share again: not told apart from it
        h.levelDb = 10.0 * std::log10(std::max(h.belowNoise ? noise : excess, 1e-30) / linear);
        if (!h.belowNoise)
            harmonicEnergy += excess / linear;
        loudestFloor = std::max(loudestFloor, noise / linear);
        report.harmonics.push_back(h);
    }
    report.distortionBelowNoise = harmonicEnergy == 0.0;
    report.distortionDb =
        10.0 * std::log10(std::max(report.distortionBelowNoise ? loudestFloor : harmonicEnergy, 1e-30));

    // The tail faded over its last tenth into the noise point, and cut there.
    for (auto& channel : ir)
    {
        channel.resize(static_cast<std::size_t>(noiseAt));
        const int fade = std::max(1, noiseAt / 10);
        for (int i = 0; i < fade; ++i)
            channel[static_cast<std::size_t>(noiseAt - 1 - i)] *=
                static_cast<float>(0.5 - 0.5 * std::cos(std::numbers::pi * (i + 0.5) / fade));
    }
    report.noiseSeconds = noiseAt / fs;

    if (options.normalise)
    {
        float maxAbs = 0.0f;
        for (const auto& channel : ir)
            for (float v : channel)
                maxAbs = std::max(maxAbs, std::abs(v));
        const double gain = kNormalisedPeak / std::max(maxAbs, 1e-30f);
        for (auto& channel : ir)
            for (auto& v : channel)
                v = static_cast<float>(v * gain);
        report.gainDb = 20.0 * std::log10(gain);
    }
    report.rt60Seconds = analyseImpulseResponse(ir, fs).rt60Seconds;
    result.ir = std::move(ir);
    return result;
}

} // namespace faltung
