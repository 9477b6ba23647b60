// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include "IrPipeline.h"
#include "RenderSettings.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace faltung
{

class AudioFileReader;
class ReverbProcessor;

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

// A render stopped by its cancel flag (Ctrl-C); its output file was not written.
class RenderCancelled : public std::runtime_error
{
public:
    RenderCancelled()
        : std::runtime_error("cancelled")
    {
    }
};

// Renders input files through the plugin's signal chain (ReverbProcessor), one at a
// time: a batch has one per thread, all sharing one IrPipeline, which decodes the IR
// once and edits and resamples it once for each sample rate among the inputs.
// Streams in blocks, so memory use does not grow with an input's length. Each
// output starts with its input (latency compensated) and runs until the reverb tail
// ends: input length + IR length - 1 samples, plus the predelay. The chain built
// for a sample rate and channel count is kept and cleared for the next input that
// has them, so that a batch of short files does not build an engine for each.
class OfflineRenderer
{
public:
    // Where the later stages of a multi-stage engine are computed; the output is the
    // same either way.
    enum class Stages
    {
        // On the process's StageExecutor, which the rendering thread waits for: one
        // file renders sooner on several cores (measured, a 15 s IR on 60 s of audio,
        // 2 cores: 0.77 s wall alone, 0.50 s with the executor, for the same CPU).
        parallel,
        // On the rendering thread: for renders that already keep every core busy (a
        // batch), where handing blocks between threads would only add CPU.
        onRenderingThread,
    };

    OfflineRenderer(IrPipeline& irs, IrSource ir, const RenderSettings& settings,
                    Stages stages = Stages::parallel);
    ~OfflineRenderer();

    OfflineRenderer(const OfflineRenderer&) = delete;
    OfflineRenderer& operator=(const OfflineRenderer&) = delete;

    // Renders all of input into a WAV file at outputPath, which appears only when it
    // is complete. Throws AudioFileError for a file that cannot be read or written,
    // RenderCancelled when *cancel becomes true; either
    // way no output is left. progress gets the fraction done.
    RenderReport render(AudioFileReader& input, const std::string& outputPath,
                        const std::function<void(double)>& progress = {},
                        const std::atomic<bool>* cancel = nullptr);

private:
    struct Chain;
    Chain& chainFor(double sampleRate, int numInputs);

    IrPipeline& irs_;
    IrSource ir_;
    RenderSettings settings_;
    Stages stages_;
    std::vector<std::unique_ptr<Chain>> chains_;
};

} // namespace faltung
