// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "Sweep.h"

#include "AlignedBuffer.h"
#include "RealFft.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>
#include <sstream>
#include <stdexcept>

namespace faltung
{

namespace
{
constexpr double kLeadInSeconds = 0.5; // silence before anything: the recorder starts, the noise shows
constexpr double kClickLeadSeconds = 1.0;
constexpr double kClickSeconds = 0.001;
constexpr const char* kDescriptionTag = "faltung-capture-sweep-1";

int samples(double seconds, double rate)
{
    return static_cast<int>(std::lround(seconds * rate));
}

int nextPowerOfTwo(int n)
{
    int p = 1;
    while (p < n)
        p *= 2;
    return p;
}

void require(bool ok, const std::string& why)
{
    if (!ok)
        throw std::invalid_argument(why);
}

} // namespace

void SweepSpec::validate() const
{
    require(sampleRate >= 8000.0 && sampleRate <= 384000.0, "the sample rate must be from 8000 to 384000 Hz");
    require(startHz > 0.0 && startHz < endHz,
            "the start frequency must be above 0 and below the end frequency");
    require(endHz <= sampleRate / 2.0, "the end frequency must not be above half the sample rate");
    require(endHz / startHz >= 2.0, "the sweep must cover at least an octave");
    require(sweepSeconds >= 0.5 && sweepSeconds <= 60.0, "the sweep must last from 0.5 to 60 s");
    require(levelDb >= -60.0 && levelDb <= 0.0, "the level must be from -60 to 0 dBFS");
    require(fadeInSeconds >= 0.0 && fadeOutSeconds >= 0.0 &&
                fadeInSeconds + fadeOutSeconds < sweepSeconds / 2.0,
            "the fades must be positive and together shorter than half the sweep");
    require(silenceSeconds >= 0.1 && silenceSeconds <= 60.0,
            "the silence after each sweep must be from 0.1 to 60 s");
    require(repeats >= 1 && repeats <= 16, "the repeats must be from 1 to 16");
}

double SweepLayout::harmonicLeadSeconds(int k) const
{
    return rate * std::log(static_cast<double>(k));
}

SweepLayout layoutOf(const SweepSpec& spec)
{
    spec.validate();
    SweepLayout l;
    const double fs = spec.sampleRate;
    l.sweepLength = samples(spec.sweepSeconds, fs);
    l.period = l.sweepLength + samples(spec.silenceSeconds, fs);
    const int leadIn = samples(kLeadInSeconds, fs);
    l.clickAt = spec.click ? leadIn : -1;
    l.firstSweep = leadIn + (spec.click ? samples(kClickLeadSeconds, fs) : 0);
    l.speakers = spec.trueStereo ? 2 : 1;
    l.repeats = spec.repeats;
    l.length = l.firstSweep + l.speakers * l.repeats * l.period;
    l.rate = spec.sweepSeconds / std::log(spec.endHz / spec.startHz);
    return l;
}

double sweepPhase(const SweepSpec& spec, int n)
{
    const double rate = spec.sweepSeconds / std::log(spec.endHz / spec.startHz);
    return 2.0 * std::numbers::pi * spec.startHz * rate * (std::exp(n / spec.sampleRate / rate) - 1.0);
}

double sweepEnvelope(const SweepSpec& spec, int n)
{
    const int length = samples(spec.sweepSeconds, spec.sampleRate);
    const int fadeIn = samples(spec.fadeInSeconds, spec.sampleRate);
    const int fadeOut = samples(spec.fadeOutSeconds, spec.sampleRate);
    double gain = std::pow(10.0, spec.levelDb / 20.0);
    if (n < fadeIn)
        gain *= 0.5 - 0.5 * std::cos(std::numbers::pi * (n + 0.5) / fadeIn);
    if (const int fromEnd = length - 1 - n; fromEnd < fadeOut)
        gain *= 0.5 - 0.5 * std::cos(std::numbers::pi * (fromEnd + 0.5) / fadeOut);
    return gain;
}

std::vector<float> exponentialSweep(const SweepSpec& spec)
{
    const auto layout = layoutOf(spec);
    std::vector<float> sweep(static_cast<std::size_t>(layout.sweepLength));
    for (int n = 0; n < layout.sweepLength; ++n)
        sweep[static_cast<std::size_t>(n)] =
            static_cast<float>(sweepEnvelope(spec, n) * std::sin(sweepPhase(spec, n)));
    return sweep;
}

std::vector<std::vector<float>> sweepSignal(const SweepSpec& spec)
{
    const auto layout = layoutOf(spec);
    const auto sweep = exponentialSweep(spec);
    std::vector<std::vector<float>> channels(
        static_cast<std::size_t>(layout.speakers),
        std::vector<float>(static_cast<std::size_t>(layout.length), 0.0f));
    if (layout.clickAt >= 0)
    {
        // A short raised-cosine pulse at the sweep's level, on every channel.
        const int n = std::max(1, samples(kClickSeconds, spec.sampleRate));
        const double amplitude = std::pow(10.0, spec.levelDb / 20.0);
        for (auto& channel : channels)
            for (int i = 0; i < n; ++i)
                channel[static_cast<std::size_t>(layout.clickAt + i)] = static_cast<float>(
                    amplitude * (0.5 - 0.5 * std::cos(2.0 * std::numbers::pi * (i + 0.5) / n)));
    }
    for (int speaker = 0; speaker < layout.speakers; ++speaker)
        for (int repeat = 0; repeat < layout.repeats; ++repeat)
            std::copy(sweep.begin(), sweep.end(),
                      channels[static_cast<std::size_t>(speaker)].begin() +
                          layout.sweepStart(speaker, repeat));
    return channels;
}

InverseFilter inverseFilter(const SweepSpec& spec)
{
    const auto layout = layoutOf(spec);
    const auto sweep = exponentialSweep(spec);
    const int n = nextPowerOfTwo(2 * layout.sweepLength);
    RealFft fft(n, PlanRigor::estimate);
    AlignedBuffer time(static_cast<std::size_t>(n)), re(static_cast<std::size_t>(fft.numBins())),
        im(static_cast<std::size_t>(fft.numBins()));
    std::copy(sweep.begin(), sweep.end(), time.data());
    fft.forward(time.data(), re.data(), im.data());

    double maxPower = 0.0;
    for (int k = 0; k < fft.numBins(); ++k)
        maxPower = std::max(maxPower, static_cast<double>(re.data()[k]) * re.data()[k] +
                                          static_cast<double>(im.data()[k]) * im.data()[k]);
    // band(f) conj(X) / (|X|^2 + e). The band is the sweep's own envelope, squared,
    // at the moment it plays f: 1 where it plays at full level, falling with its
    // fades to nothing at its ends, and nothing outside them. So the inverse is exact
    // where the sweep is whole, never amplifies what the sweep hardly played (noise,
    // or harmonics above the end frequency), and its band has smooth edges, which
    // ring only briefly.
    const double peak = std::pow(10.0, spec.levelDb / 20.0);
    for (int k = 0; k < fft.numBins(); ++k)
    {
        const double f = k * spec.sampleRate / n;
        double band = 0.0;
        if (f > spec.startHz && f < spec.endHz)
        {
            const int at = static_cast<int>(layout.rate * std::log(f / spec.startHz) * spec.sampleRate);
            band = std::pow(sweepEnvelope(spec, std::min(at, layout.sweepLength - 1)) / peak, 2.0);
        }
        const double xr = re.data()[k], xi = im.data()[k];
        const double d = (xr * xr + xi * xi + 1e-8 * maxPower) * n; // n: the inverse FFT is unnormalised
        re.data()[k] = static_cast<float>(band * xr / d);
        im.data()[k] = static_cast<float>(-band * xi / d);
    }
    fft.inverse(re.data(), im.data(), time.data());

    // The inverse lives at negative times (a time-reversed sweep): read it from
    // `margin` before the sweep's length back, so that it starts at tap 0.
    InverseFilter inverse;
    const int margin = std::min(layout.sweepLength / 8, 8192);
    inverse.delay = layout.sweepLength + margin;
    inverse.taps.resize(static_cast<std::size_t>(layout.sweepLength + 2 * margin));
    for (std::size_t i = 0; i < inverse.taps.size(); ++i)
        inverse.taps[i] = time.data()[((static_cast<int>(i) - inverse.delay) % n + n) % n];
    return inverse;
}

std::string describe(const SweepSpec& s)
{
    std::ostringstream text;
    text.precision(10);
    text << kDescriptionTag << " rate=" << s.sampleRate << " start=" << s.startHz << " end=" << s.endHz
         << " length=" << s.sweepSeconds << " level=" << s.levelDb << " fade-in=" << s.fadeInSeconds
         << " fade-out=" << s.fadeOutSeconds << " silence=" << s.silenceSeconds << " repeats=" << s.repeats
         << " click=" << (s.click ? 1 : 0) << " true-stereo=" << (s.trueStereo ? 1 : 0);
    return text.str();
}

SweepSpec parseSweepSpec(const std::string& text)
{
    std::istringstream in(text);
    std::string word;
    require(static_cast<bool>(in >> word) && word == kDescriptionTag,
            "not a sweep that faltung-capture made");
    std::map<std::string, double> values;
    while (in >> word)
    {
        const auto equals = word.find('=');
        require(equals != std::string::npos, "a damaged sweep description: '" + word + "'");
        try
        {
            values[word.substr(0, equals)] = std::stod(word.substr(equals + 1));
        }
        catch (const std::exception&)
        {
            throw std::invalid_argument("a damaged sweep description: '" + word + "'");
        }
    }
    const auto get = [&](const char* key)
    {
        const auto it = values.find(key);
        require(it != values.end(), std::string("a sweep description without ") + key);
        return it->second;
    };
    SweepSpec s;
    s.sampleRate = get("rate");
    s.startHz = get("start");
    s.endHz = get("end");
    s.sweepSeconds = get("length");
    s.levelDb = get("level");
    s.fadeInSeconds = get("fade-in");
    s.fadeOutSeconds = get("fade-out");
    s.silenceSeconds = get("silence");
    s.repeats = static_cast<int>(get("repeats"));
    s.click = get("click") != 0.0;
    s.trueStereo = get("true-stereo") != 0.0;
    s.validate();
    return s;
}

} // namespace faltung
