// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "Filters.h"

#include "IrAnalysis.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <numbers>

namespace faltung::factory
{

using std::numbers::pi;

std::array<double, kNumBands - 1> octaveCrossovers()
{
    std::array<double, kNumBands - 1> crossovers{};
    for (std::size_t k = 0; k + 1 < kNumBands; ++k)
        crossovers[k] = std::sqrt(kOctaveBandCentres[k] * kOctaveBandCentres[k + 1]);
    return crossovers;
}

double FilterChain::magnitude(double hz, double sampleRate) const noexcept
{
    double m = 1.0;
    for (const auto& s : sections)
        m *= s.magnitude(hz, sampleRate);
    return m;
}

void FilterChain::append(const FilterChain& other)
{
    sections.insert(sections.end(), other.sections.begin(), other.sections.end());
}

namespace
{
// Q of each section of an even-order Butterworth filter.
std::vector<double> butterworthQs(int order)
{
    std::vector<double> qs;
    for (int k = 0; k < order / 2; ++k)
        qs.push_back(1.0 / (2.0 * std::sin(pi * (2.0 * k + 1.0) / (2.0 * order))));
    return qs;
}
} // namespace

FilterChain FilterChain::butterworthLowPass(int order, double hz, double sampleRate)
{
    FilterChain chain;
    for (const double q : butterworthQs(order))
        chain.sections.push_back(Biquad::lowPass(hz, q, sampleRate));
    return chain;
}

FilterChain FilterChain::butterworthHighPass(int order, double hz, double sampleRate)
{
    FilterChain chain;
    for (const double q : butterworthQs(order))
        chain.sections.push_back(Biquad::highPass(hz, q, sampleRate));
    return chain;
}

std::array<FilterChain, kNumBands> octaveBandSplit(double sampleRate)
{
    constexpr int order = 4;
    const auto crossovers = octaveCrossovers();
    std::array<FilterChain, kNumBands> bands;
    FilterChain highs; // the high-passes every later band goes through
    for (std::size_t b = 0; b < kNumBands; ++b)
    {
        bands[b] = highs;
        if (b + 1 < kNumBands)
        {
            bands[b].append(FilterChain::butterworthLowPass(order, crossovers[b], sampleRate));
            highs.append(FilterChain::butterworthHighPass(order, crossovers[b], sampleRate));
        }
    }
    return bands;
}

std::array<double, kNumBands> whiteNoiseShares(const std::array<FilterChain, kNumBands>& bands,
                                               double sampleRate)
{
    std::array<double, kNumBands> shares{};
    const auto length = static_cast<std::size_t>(sampleRate); // every band has decayed by then
    for (std::size_t b = 0; b < kNumBands; ++b)
    {
        FilterChain chain = bands[b];
        chain.reset();
        double energy = 0.0;
        for (std::size_t n = 0; n < length; ++n)
        {
            const double y = chain.process(n == 0 ? 1.0 : 0.0);
            energy += y * y;
        }
        shares[b] = energy;
    }
    return shares;
}

void addWindowedSinc(std::vector<double>& out, double position, double gain, double cutoffHz,
                     double sampleRate, int halfLength)
{
    const double bandwidth = 2.0 * cutoffHz / sampleRate; // as a fraction of the Nyquist frequency
    const auto first = static_cast<long>(std::ceil(position - halfLength));
    const auto last = static_cast<long>(std::floor(position + halfLength));
    std::vector<double> kernel;
    kernel.reserve(static_cast<std::size_t>(last - first + 1));
    double sum = 0.0;
    for (long n = first; n <= last; ++n)
    {
        const double t = static_cast<double>(n) - position;
        const double x = pi * bandwidth * t;
        const double sinc = std::abs(x) < 1e-12 ? 1.0 : std::sin(x) / x;
        const double u = t / halfLength; // -1 .. 1
        const double window = 0.42 + 0.5 * std::cos(pi * u) + 0.08 * std::cos(2.0 * pi * u);
        kernel.push_back(sinc * window);
        sum += kernel.back();
    }
    const double scale = gain / sum;
    for (long n = first; n <= last; ++n)
        if (n >= 0 && n < static_cast<long>(out.size()))
            out[static_cast<std::size_t>(n)] += scale * kernel[static_cast<std::size_t>(n - first)];
}

void addOctaveShapedImpulse(std::vector<double>& out, double position,
                            const std::array<double, kNumBands>& bandGains, double sampleRate)
{
    // Band b's response is lowPass(upper edge) - lowPass(lower edge), so the whole
    // impulse is sum over edges k of (gain below k - gain above k) * lowPass(k).
    const auto crossovers = octaveCrossovers();
    const double topCutoff = 0.42 * sampleRate;
    for (std::size_t k = 0; k < kNumBands; ++k)
    {
        const double below = bandGains[k];
        const double above = k + 1 < kNumBands ? bandGains[k + 1] : 0.0;
        const double weight = below - above;
        if (std::abs(weight) < 1e-12 * std::abs(below))
            continue;
        const double cutoff = k + 1 < kNumBands ? crossovers[k] : topCutoff;
        const int halfLength = std::clamp(static_cast<int>(std::lround(2.0 * sampleRate / cutoff)), 32, 1024);
        addWindowedSinc(out, position, weight, cutoff, sampleRate, halfLength);
    }
}

} // namespace faltung::factory
