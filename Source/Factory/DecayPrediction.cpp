// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "DecayPrediction.h"

#include <cmath>
#include <limits>
#include <vector>

namespace faltung::factory
{

double predictedBroadbandT30(const std::function<double(double)>& energyPerSecond, double impulsiveEnergy,
                             double until)
{
    constexpr double step = 0.001; // seconds
    const auto points = static_cast<std::size_t>(until / step) + 1;
    std::vector<double> edc(points);
    double sum = 0.0;
    for (std::size_t i = points; i-- > 0;)
    {
        sum += energyPerSecond(static_cast<double>(i) * step) * step;
        edc[i] = sum;
    }
    edc[0] += impulsiveEnergy;

    std::size_t first = points, last = points;
    for (std::size_t i = 0; i < points; ++i)
    {
        const double db = 10.0 * std::log10(edc[i] / edc[0]);
        if (first == points && db <= -5.0)
            first = i;
        if (db < -35.0)
        {
            last = i;
            break;
        }
    }
    if (last == points || last < first + 3)
        return std::numeric_limits<double>::quiet_NaN();

    double meanT = 0.0, meanDb = 0.0;
    for (std::size_t i = first; i < last; ++i)
    {
        meanT += static_cast<double>(i) * step;
        meanDb += 10.0 * std::log10(edc[i] / edc[0]);
    }
    const auto count = static_cast<double>(last - first);
    meanT /= count;
    meanDb /= count;
    double sxy = 0.0, sxx = 0.0;
    for (std::size_t i = first; i < last; ++i)
    {
        const double dt = static_cast<double>(i) * step - meanT;
        sxy += dt * (10.0 * std::log10(edc[i] / edc[0]) - meanDb);
        sxx += dt * dt;
    }
    return -60.0 / (sxy / sxx);
}

} // namespace faltung::factory
