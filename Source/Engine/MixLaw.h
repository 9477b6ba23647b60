// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include <cmath>

namespace faltung
{

struct MixGains
{
    float dry;
    float wet;
};

// The dry/wet mix law shared by the plugin and the renderer: equal power, since
// a reverb's wet signal is largely uncorrelated with the dry one, so the sum keeps
// its loudness across the range. mix is the wet share from 0 to 1; the ends are
// exact (0 gives the dry signal alone, 1 the wet alone).
inline MixGains mixGains(float mix) noexcept
{
    constexpr float halfPi = 1.57079632679489662f;
    if (mix <= 0.0f)
        return {1.0f, 0.0f};
    if (mix >= 1.0f)
        return {0.0f, 1.0f};
    return {std::cos(mix * halfPi), std::sin(mix * halfPi)};
}

} // namespace faltung
