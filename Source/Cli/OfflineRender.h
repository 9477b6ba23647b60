// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include "ImpulseResponse.h"
#include "RenderSettings.h"

#include <cstdint>
#include <functional>
#include <string>

namespace faltung
{

class AudioFileReader;

// What a render did, for the summary faltung-render prints.
struct RenderReport
{
    std::string irName;
    int irChannels = 0;
    double irSeconds = 0.0;
    double irFileRate = 0.0; // before resampling to the input's rate
    std::string engine;      // Convolver::describe()
    int latencySamples = 0;  // compensated in the output
    int inputChannels = 0;
    int outputChannels = 0;
    double sampleRate = 0.0;
    double inputSeconds = 0.0;
    double outputSeconds = 0.0;
    double engineSeconds = 0.0; // wall time spent in the signal chain (convolution and the rest)
    double totalSeconds = 0.0;  // wall time of the whole render, file reading and writing included
    std::int64_t clippedSamples = 0;
};

// Renders a whole input file through an IR into a WAV file, streaming in blocks so
// memory use does not grow with the input's length, through the plugin's signal
// chain (ReverbProcessor). The output starts with the input (latency compensated)
// and runs until the reverb tail ends: input length + IR length - 1 samples, plus
// the predelay. Throws AudioFileError (and leaves no output file) on any
// problem with the files.
RenderReport renderOffline(AudioFileReader& input, ImpulseResponse ir, const std::string& outputPath,
                           const RenderSettings& settings, const std::function<void(double)>& progress = {});

} // namespace faltung
