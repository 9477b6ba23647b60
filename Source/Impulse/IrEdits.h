// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include "Damping.h"
#include "EarlyLate.h"
#include "ImpulseResponse.h"

namespace faltung
{

// The channel order of a 4-channel (true-stereo) file. Faltung's own order is
// inputs first: LL, LR, RL, RR ("LR" = left input heard at the right output).
// Many libraries store outputs first: LL, RL, LR, RR.
enum class TrueStereoOrder
{
    inputsFirst,  // LL, LR, RL, RR
    outputsFirst, // LL, RL, LR, RR
};

// Non-destructive edits of an IR, applied to the decoded file in this order:
// channel order, trims, stretch, decay, damping, the early and late parts, reverse,
// attack, normalisation, gain. Normalisation is measured before the parts' levels,
// so that those stay levels (Late at -6 dB turns the tail down, not the rest up).
// The plugin's IR parameters and faltung-render's options map onto these, so a
// render and the plugin with the same settings use the same kernel.
struct IrEdits
{
    TrueStereoOrder trueStereoOrder = TrueStereoOrder::inputsFirst;
    bool autoTrimStart = false; // cut the silence before the direct sound (onset)
    double trimStartMs = 0.0;   // then cut this much from the start
    double trimEndMs = 0.0;     // and this much from the end (with a short fade-out)
    double stretch = 1.0;       // 0.5 .. 2: the room's size; time-stretches the IR by resampling
    double decay = 1.0;         // 0.1 .. 1: multiplies the reverberation time
    DampingSettings damping;    // the decay per band
    EarlyLateSettings parts;    // the early and late parts' levels, the late predelay
    bool reverse = false;
    double attackMs = 0.0; // fade-in from the start
    bool normalise = true; // unit energy per output, at the file's own rate
    double gainDb = 0.0;

    bool operator==(const IrEdits&) const = default;
};

// Applies the edits at the IR's own rate. Trims never leave less than 1 ms. Not
// real-time (it allocates, resamples and analyses). IrPipeline then resamples the
// result to the session's rate.
ImpulseResponse applyEdits(const ImpulseResponse& ir, const IrEdits& edits);

} // namespace faltung
