// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include "AudioFileIo.h"
#include "Convolver.h"
#include "IrEdits.h"
#include "ReverbProcessor.h"

namespace faltung
{

// How faltung-render renders: the same controls the plugin has, with the same
// meaning, so a render and the plugin with the same settings agree.
struct RenderSettings
{
    ReverbSettings reverb; // mix, levels, predelay, filters, width, output gain
    IrEdits edits;         // trims, stretch, decay, reverse, attack, normalisation, IR gain
    int partitionSize = 1024;
    LatencyMode latencyMode = LatencyMode::efficient;
    WavSampleFormat format = WavSampleFormat::pcm24;
};

} // namespace faltung
