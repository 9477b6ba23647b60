// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "SpringModel.h"

#include "DecayPrediction.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace faltung::factory
{

namespace
{
using std::numbers::pi;

double transitDelaySamples(const SpringDesign& s, double sampleRate)
{
    return std::round(s.transitSeconds * sampleRate);
}

// Group delay in samples of the stretched allpass chain of one transit at w radians/sample.
double dispersionDelay(const SpringDesign& s, double w)
{
    const double a = s.allpassCoefficient;
    const double k = s.stretch;
    return s.stagesPerTransit * k * (1.0 - a * a) / (1.0 + 2.0 * a * std::cos(k * w) + a * a);
}

double lossMagnitude(const SpringDesign& s, double w)
{
    const double p = s.lossPole;
    return (1.0 - p) / std::sqrt(1.0 - 2.0 * p * std::cos(w) + p * p);
}

double lossDelay(const SpringDesign& s, double w)
{
    const double p = s.lossPole;
    return (p * std::cos(w) - p * p) / (1.0 - 2.0 * p * std::cos(w) + p * p);
}

double roundTripDelay(const SpringDesign& s, double hz, double sampleRate)
{
    const double w = 2.0 * pi * hz / sampleRate;
    // + 1: what returns is added to the input one sample later.
    return 2.0 * transitDelaySamples(s, sampleRate) + 2.0 * dispersionDelay(s, w) + lossDelay(s, w) + 1.0;
}

// The gain of the round trip besides the loss filter, chosen for the design RT60 at 1 kHz.
double loopGain(const SpringDesign& s, double sampleRate)
{
    const double w = 2.0 * pi * 1000.0 / sampleRate;
    const double lossDbPerTrip = 60.0 * roundTripDelay(s, 1000.0, sampleRate) / (sampleRate * s.rt60At1k);
    return std::pow(10.0, -lossDbPerTrip / 20.0) / lossMagnitude(s, w);
}

FilterChain outputFilter(const SpringDesign& s, double sampleRate)
{
    FilterChain chain = FilterChain::butterworthHighPass(2, s.highPassHz, sampleRate);
    chain.append(FilterChain::butterworthLowPass(4, s.lowPassHz, sampleRate));
    return chain;
}

// The stretched allpass cascade. All stages advance together, so they share one
// position in their K-sample histories.
class DispersionChain
{
public:
    DispersionChain(int stages, int stretch, double coefficient)
        : stretch_(static_cast<std::size_t>(stretch))
        , coefficient_(coefficient)
        , inputs_(static_cast<std::size_t>(stages * stretch), 0.0)
        , outputs_(static_cast<std::size_t>(stages * stretch), 0.0)
    {
    }

    double process(double x) noexcept
    {
        for (std::size_t i = position_; i < inputs_.size(); i += stretch_)
        {
            const double y = coefficient_ * (x - outputs_[i]) + inputs_[i];
            inputs_[i] = x;
            outputs_[i] = y;
            x = y;
        }
        position_ = (position_ + 1) % stretch_;
        return x;
    }

private:
    std::size_t stretch_;
    double coefficient_;
    std::vector<double> inputs_, outputs_; // stage s's history at [s * K, (s + 1) * K)
    std::size_t position_ = 0;
};

class Delay
{
public:
    explicit Delay(std::size_t samples)
        : buffer_(samples, 0.0)
    {
    }

    // Returns the sample written `samples` calls ago and stores x.
    double push(double x) noexcept
    {
        const double y = buffer_[position_];
        buffer_[position_] = x;
        position_ = (position_ + 1) % buffer_.size();
        return y;
    }

private:
    std::vector<double> buffer_;
    std::size_t position_ = 0;
};
} // namespace

std::vector<double> renderSpring(const SpringDesign& s, double sampleRate)
{
    const auto transit = static_cast<std::size_t>(transitDelaySamples(s, sampleRate));
    const auto lead = static_cast<std::size_t>(std::lround(0.002 * sampleRate));
    const std::size_t skip = transit > lead ? transit - lead : 0;
    const auto length = static_cast<std::size_t>(std::lround(s.lengthSeconds * sampleRate));

    Delay outward(transit), back(transit);
    DispersionChain outwardDispersion(s.stagesPerTransit, s.stretch, s.allpassCoefficient);
    DispersionChain backDispersion(s.stagesPerTransit, s.stretch, s.allpassCoefficient);
    const double gain = loopGain(s, sampleRate);
    FilterChain output = outputFilter(s, sampleRate);
    double lossState = 0.0;
    double returning = 0.0; // what has come back to the input end

    std::vector<double> out;
    out.reserve(length);
    for (std::size_t n = 0; out.size() < length; ++n)
    {
        const double input = (n == 0 ? 1.0 : 0.0) + returning;
        const double arriving = outwardDispersion.process(outward.push(input));
        const double reflected = backDispersion.process(back.push(arriving));
        lossState = (1.0 - s.lossPole) * reflected + s.lossPole * lossState;
        returning = gain * lossState;
        const double y = output.process(arriving);
        if (n >= skip)
            out.push_back(y);
    }
    return out;
}

double springRt60(const SpringDesign& s, double hz, double sampleRate)
{
    const double w = 2.0 * pi * hz / sampleRate;
    const double lossDb = -20.0 * std::log10(loopGain(s, sampleRate) * lossMagnitude(s, w));
    return 60.0 * roundTripDelay(s, hz, sampleRate) / (sampleRate * lossDb);
}

double predictedSpringT30(const std::vector<SpringDesign>& springs, double sampleRate)
{
    struct Component
    {
        double weight;
        double rate; // natural-log decay per second of energy
    };
    std::vector<Component> components;
    double longest = 0.0;
    constexpr double step = 40.0; // Hz
    for (const auto& s : springs)
    {
        const FilterChain output = outputFilter(s, sampleRate);
        for (double f = 0.5 * step; f < 0.5 * sampleRate; f += step)
        {
            const double rt60 = springRt60(s, f, sampleRate);
            const double energyPerTrip = std::pow(output.magnitude(f, sampleRate), 2.0);
            components.push_back({energyPerTrip * sampleRate / roundTripDelay(s, f, sampleRate),
                                  6.0 * std::numbers::ln10 / rt60});
            longest = std::max(longest, rt60);
        }
    }
    return predictedBroadbandT30(
        [&](double t)
        {
            double e = 0.0;
            for (const auto& c : components)
                e += c.weight * std::exp(-c.rate * t);
            return e;
        },
        0.0, std::min(3.0 * longest, 10.0));
}

} // namespace faltung::factory
