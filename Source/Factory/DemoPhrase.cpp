// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// The dry demo phrase: four bars at 120 BPM.
//
//   bar 1  groove and melody
//   bar 2  groove; the band stops on the "and" of beat 2 -> silence (kDemoGaps[0])
//   bar 3  groove and melody
//   bar 4  a final hit and chord on beat 1, then silence to the end (kDemoGaps[1])
#include "FactoryContent.h"

#include "Filters.h"
#include "Random.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace faltung::factory
{

namespace
{
using std::numbers::pi;

constexpr double kBeat = 0.5; // seconds at 120 BPM

// A stereo buffer that voices are mixed into at a position and a pan.
class Mix
{
public:
    Mix(double sampleRate, double seconds)
        : rate_(sampleRate)
        , left_(static_cast<std::size_t>(std::lround(seconds * sampleRate)), 0.0)
        , right_(left_.size(), 0.0)
    {
    }

    double rate() const { return rate_; }

    // pan: -1 left .. 1 right, at equal power.
    void add(double startSeconds, const std::vector<double>& voice, double gain, double pan)
    {
        const double angle = 0.25 * pi * (pan + 1.0);
        const double l = gain * std::cos(angle), r = gain * std::sin(angle);
        const auto start = static_cast<std::size_t>(std::lround(startSeconds * rate_));
        for (std::size_t i = 0; i < voice.size() && start + i < left_.size(); ++i)
        {
            left_[start + i] += l * voice[i];
            right_[start + i] += r * voice[i];
        }
    }

    std::vector<std::vector<float>> normalisedTo(double peakDb) const
    {
        double peak = 0.0;
        for (std::size_t i = 0; i < left_.size(); ++i)
            peak = std::max({peak, std::abs(left_[i]), std::abs(right_[i])});
        const double scale = std::pow(10.0, peakDb / 20.0) / peak;
        std::vector<std::vector<float>> out(2, std::vector<float>(left_.size()));
        for (std::size_t i = 0; i < left_.size(); ++i)
        {
            out[0][i] = static_cast<float>(scale * left_[i]);
            out[1][i] = static_cast<float>(scale * right_[i]);
        }
        return out;
    }

private:
    double rate_;
    std::vector<double> left_, right_;
};

std::size_t samples(double seconds, double rate)
{
    return static_cast<std::size_t>(std::lround(seconds * rate));
}

// Ends a voice with a short half-cosine fade, so that it stops at exactly zero.
void fadeTail(std::vector<double>& x, double seconds, double rate)
{
    const std::size_t fade = std::min(x.size(), samples(seconds, rate));
    for (std::size_t i = 0; i < fade; ++i)
        x[x.size() - fade + i] *=
            0.5 * (1.0 + std::cos(pi * static_cast<double>(i + 1) / static_cast<double>(fade)));
}

// A sine whose pitch drops from 150 to 50 Hz in a few tens of milliseconds, and a click.
std::vector<double> kick(double rate, Pcg32& random)
{
    std::vector<double> x(samples(0.40, rate));
    for (std::size_t n = 0; n < x.size(); ++n)
    {
        const double t = static_cast<double>(n) / rate;
        const double phase = 2.0 * pi * (50.0 * t + 100.0 * 0.03 * (1.0 - std::exp(-t / 0.03)));
        const double click = t < 0.004 ? 0.3 * random.gaussian() * (1.0 - t / 0.004) : 0.0;
        x[n] = std::exp(-t / 0.16) * std::sin(phase) + click;
    }
    fadeTail(x, 0.05, rate);
    return x;
}

// A drum tone and a burst of high-passed noise (the snares).
std::vector<double> snare(double rate, Pcg32& random)
{
    std::vector<double> x(samples(0.30, rate));
    Biquad highPass = Biquad::highPass(1800.0, 0.7, rate);
    for (std::size_t n = 0; n < x.size(); ++n)
    {
        const double t = static_cast<double>(n) / rate;
        const double tone = 0.6 * std::exp(-t / 0.04) * std::sin(2.0 * pi * 185.0 * t);
        const double rattle = 0.8 * std::exp(-t / 0.07) * highPass.process(random.gaussian());
        x[n] = tone + rattle;
    }
    fadeTail(x, 0.05, rate);
    return x;
}

// A closed hi-hat: very high noise, very short.
std::vector<double> hiHat(double rate, Pcg32& random)
{
    std::vector<double> x(samples(0.07, rate));
    FilterChain highPass = FilterChain::butterworthHighPass(4, 7000.0, rate);
    for (std::size_t n = 0; n < x.size(); ++n)
    {
        const double t = static_cast<double>(n) / rate;
        x[n] = std::exp(-t / 0.015) * highPass.process(random.gaussian());
    }
    fadeTail(x, 0.02, rate);
    return x;
}

// Karplus-Strong: a delay line of one period filled with a noise burst, fed back
// through a two-point average (which damps the highs and delays by half a sample) and
// a first-order allpass that tunes the loop to the exact period.
std::vector<double> pluck(double hz, double seconds, double rate, Pcg32& random)
{
    const double period = rate / hz;
    auto lineLength = static_cast<std::size_t>(std::floor(period - 0.5));
    double fraction = period - 0.5 - static_cast<double>(lineLength);
    if (fraction < 0.1)
    {
        --lineLength;
        fraction += 1.0;
    }
    const double allpass = (1.0 - fraction) / (1.0 + fraction);
    const double loss = std::pow(10.0, -3.0 / (hz * 1.6)); // 60 dB in 1.6 s, before the averaging

    std::vector<double> line(lineLength);
    double smoothed = 0.0;
    for (auto& v : line)
    {
        smoothed = 0.5 * smoothed + 0.5 * random.gaussian(); // a softer pluck than white noise
        v = smoothed;
    }

    std::vector<double> x(samples(seconds, rate));
    std::size_t index = 0;
    double previous = 0.0, allpassIn = 0.0, allpassOut = 0.0;
    for (auto& out : x)
    {
        out = line[index];
        const double average = 0.5 * (out + previous);
        previous = out;
        const double tuned = allpass * (average - allpassOut) + allpassIn;
        allpassIn = average;
        allpassOut = tuned;
        line[index] = loss * tuned;
        index = (index + 1) % lineLength;
    }
    fadeTail(x, 0.03, rate);
    return x;
}

double midiToHz(int note)
{
    return 440.0 * std::pow(2.0, (note - 69) / 12.0);
}
} // namespace

std::vector<std::vector<float>> generateDemoPhrase(double sampleRate)
{
    Mix mix(sampleRate, kDemoSeconds);
    Pcg32 random(seedFromName("demo"));
    auto at = [](double beat) { return beat * kBeat; };

    // Drums: kick, snare, hats, as (beat, gain).
    const std::vector<std::pair<double, double>> kicks{{0, 1.0},     {1.5, 0.8}, {2, 1.0},   {4, 1.0},
                                                       {5.5, 1.0},   {8, 1.0},   {9.5, 0.8}, {10, 1.0},
                                                       {11.75, 0.7}, {12, 1.0}};
    const std::vector<std::pair<double, double>> snares{{1, 1.0},   {3, 1.0}, {3.75, 0.4}, {5, 1.0},
                                                        {5.5, 1.0}, {9, 1.0}, {11, 1.0},   {12, 1.0}};
    for (const auto& [beat, gain] : kicks)
        mix.add(at(beat), kick(sampleRate, random), 0.9 * gain, 0.0);
    for (const auto& [beat, gain] : snares)
        mix.add(at(beat), snare(sampleRate, random), 0.45 * gain, -0.1);
    for (double beat = 0.0; beat < 12.0; beat += 0.5)
    {
        const bool stopped = beat > 5.5 && beat < 8.0;
        if (!stopped)
            mix.add(at(beat), hiHat(sampleRate, random), std::fmod(beat, 1.0) == 0.0 ? 0.28 : 0.18, 0.45);
    }

    // The melody: (beat, MIDI note, length in beats).
    struct Note
    {
        double beat;
        int note;
        double beats;
    };
    const Note melody[] = {
        {0.0, 69, 1.0},  {1.0, 72, 0.5},  {1.5, 76, 0.5},  {2.0, 74, 0.5},  {2.5, 72, 0.5},
        {3.0, 69, 1.0},  {4.0, 67, 0.5},  {4.5, 69, 0.5},  {5.0, 72, 0.5},  {5.5, 64, 0.75},
        {8.0, 69, 0.5},  {8.5, 72, 0.5},  {9.0, 76, 1.0},  {10.0, 79, 0.5}, {10.5, 76, 0.5},
        {11.0, 74, 0.5}, {11.5, 72, 0.5}, {12.0, 57, 1.1}, {12.0, 64, 1.1}, {12.0, 69, 1.1},
    };
    for (const auto& n : melody)
        mix.add(at(n.beat), pluck(midiToHz(n.note), at(n.beats), sampleRate, random), 0.5, -0.35);

    return mix.normalisedTo(kDemoPeakDb);
}

} // namespace faltung::factory
