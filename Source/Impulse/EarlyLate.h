// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include "ImpulseResponse.h"

namespace faltung
{

// The IR as two parts: the early reflections up to a split time after the direct
// sound, and the late, diffuse tail after it, each with its own level, and the
// tail optionally delayed further (a late predelay), away from the early part.
struct EarlyLateSettings
{
    double splitMs = 0.0; // after the onset; 0 (auto): the IR's mixing time
    double earlyLevelDb = 0.0;
    double lateLevelDb = 0.0;
    double latePredelayMs = 0.0;

    bool isNeutral() const noexcept
    {
        return earlyLevelDb == 0.0 && lateLevelDb == 0.0 && latePredelayMs == 0.0;
    }
    bool operator==(const EarlyLateSettings&) const = default;
};

// A part's level at or below this is silence.
inline constexpr double kPartOffDb = -60.0;
// The split used when it is auto and the IR's mixing time cannot be measured.
inline constexpr double kDefaultSplitMs = 80.0;
// The tail fades in and the early part out over this time, centred on the split,
// so that no edge is heard.
inline constexpr double kSplitCrossfadeMs = 5.0;

// Where the late part begins, in seconds from the IR's first sample: the onset
// plus the split, or plus the IR's mixing time when the split is auto.
double splitSeconds(const ImpulseResponse& ir, double splitMs);

// The IR with its parts at these gains (linear) and the tail delayed by the late
// predelay (it gets that much longer). Not real-time.
ImpulseResponse separateParts(const ImpulseResponse& ir, double splitAtSeconds, double latePredelayMs,
                              float earlyGain, float lateGain);

// A part's level in dB as a gain: 0 at or below kPartOffDb.
float partGain(double levelDb);

} // namespace faltung
