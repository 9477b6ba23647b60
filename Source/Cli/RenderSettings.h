// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include "AudioFileIo.h"
#include "Convolver.h"
#include "ReverbProcessor.h"

namespace faltung
{

enum class IrNormalisation
{
    energy, // scale the IR to unit energy, so every IR plays at a similar loudness
    none,   // use the IR's samples as they are
};

// How faltung-render renders: the same controls the plugin has, with the same
// meaning, so a render and the plugin with the same settings agree.
struct RenderSettings
{
    ReverbSettings reverb; // mix, levels, predelay, filters, width, output gain
    int partitionSize = 1024;
    LatencyMode latencyMode = LatencyMode::efficient;
    IrNormalisation normalisation = IrNormalisation::energy;
    WavSampleFormat format = WavSampleFormat::pcm24;
};

} // namespace faltung
