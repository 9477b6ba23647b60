// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "EarlyLate.h"

#include "IrAnalysis.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace faltung
{

double splitSeconds(const ImpulseResponse& ir, double splitMs)
{
    const EarlyTimes a = measureEarlyTimes(ir.channels, ir.sampleRate);
    const double onset = std::isfinite(a.onsetSeconds) ? a.onsetSeconds : 0.0;
    if (splitMs > 0.0)
        return onset + splitMs / 1000.0;
    return onset + (std::isfinite(a.mixingTimeSeconds) ? a.mixingTimeSeconds : kDefaultSplitMs / 1000.0);
}

ImpulseResponse separateParts(const ImpulseResponse& ir, double splitAtSeconds, double latePredelayMs,
                              float earlyGain, float lateGain)
{
    const auto length = static_cast<std::size_t>(ir.length());
    const auto fade = static_cast<std::size_t>(std::lround(kSplitCrossfadeMs / 1000.0 * ir.sampleRate));
    // The crossfade's first sample: half of it before the split time.
    const auto split =
        std::min(length, static_cast<std::size_t>(std::max(0L, std::lround(splitAtSeconds * ir.sampleRate) -
                                                                   static_cast<long>(fade / 2))));
    const auto delay =
        static_cast<std::size_t>(std::lround(std::max(0.0, latePredelayMs) / 1000.0 * ir.sampleRate));

    ImpulseResponse out = ir;
    for (std::size_t ch = 0; ch < ir.channels.size(); ++ch)
    {
        const auto& in = ir.channels[ch];
        auto& y = out.channels[ch];
        y.assign(length + (split < length ? delay : 0), 0.0f);
        for (std::size_t n = 0; n < length; ++n)
        {
            // The tail's share: 0 before the split, rising as sin^2 over the crossfade.
            double late = 1.0;
            if (n < split)
                late = 0.0;
            else if (n < split + fade)
            {
                const double s = std::sin(0.5 * std::numbers::pi * (static_cast<double>(n - split) + 0.5) /
                                          static_cast<double>(fade));
                late = s * s;
            }
            y[n] += static_cast<float>(earlyGain * (1.0 - late) * in[n]);
            if (late > 0.0)
                y[n + delay] += static_cast<float>(lateGain * late * in[n]);
        }
    }
    return out;
}

float partGain(double levelDb)
{
    return levelDb <= kPartOffDb ? 0.0f : static_cast<float>(std::pow(10.0, levelDb / 20.0));
}

} // namespace faltung
