// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "OfflineRender.h"

#include "AudioFileIo.h"
#include "Denormals.h"
#include "ReverbProcessor.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>

namespace faltung
{

namespace
{
constexpr int kChunk = 4096;

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}
} // namespace

RenderReport renderOffline(AudioFileReader& input, ImpulseResponse ir, const std::string& outputPath,
                           const RenderSettings& settings, const std::function<void(double)>& progress)
{
    const auto started = Clock::now();
    ScopedFlushDenormals noDenormals;

    const int numIn = input.numChannels();
    if (numIn > 2)
        throw AudioFileError(input.name(), "has " + std::to_string(numIn) +
                                               " channels; the renderer takes mono or stereo input");

    RenderReport report;
    report.irName = ir.name;
    report.irChannels = ir.numChannels();
    report.irFileRate = ir.sampleRate;
    report.sampleRate = input.sampleRate();

    ir = prepareImpulseResponse(ir, settings.edits, input.sampleRate());
    report.irSeconds = ir.seconds();

    const int numOut = numIn == 1 && ir.numChannels() == 1 ? 1 : 2;
    EngineSpec spec;
    spec.partitionSize = settings.partitionSize;
    spec.latencyMode = settings.latencyMode;
    spec.maxBlockSize = kChunk;
    spec.partitioning = Partitioning::automatic; // later stages on other cores, waited for (setOffline)
    auto engine = std::make_unique<ReverbEngine>();
    engine->convolver.prepare(spec, ir.channels, numIn, numOut);
    const int latency = engine->convolver.latencySamples();
    report.engine = engine->convolver.describe();
    report.latencySamples = latency;
    report.inputChannels = numIn;
    report.outputChannels = numOut;

    // The plugin's signal chain, with the settings in place from the first sample.
    ReverbProcessor processor;
    processor.prepare({input.sampleRate(), kChunk, numIn, numOut});
    processor.setOffline(true);
    processor.installEngine(std::move(engine));
    processor.setSettingsImmediately(settings.reverb);

    // The output is the input plus the tail (input length + IR length - 1 samples,
    // and the predelay); the first `latency` samples the chain gives are dropped.
    const std::int64_t inputLength = input.length();
    const auto predelay =
        static_cast<std::int64_t>(std::lround(settings.reverb.predelayMs * 0.001 * input.sampleRate()));
    const std::int64_t outputLength = inputLength + ir.length() - 1 + predelay;
    const std::int64_t totalLength = outputLength + latency;
    report.inputSeconds = static_cast<double>(inputLength) / input.sampleRate();
    report.outputSeconds = static_cast<double>(outputLength) / input.sampleRate();

    WavFileWriter writer(outputPath, input.sampleRate(), numOut, settings.format);

    std::vector<std::vector<float>> in(static_cast<std::size_t>(numIn), std::vector<float>(kChunk, 0.0f));
    std::vector<std::vector<float>> out(static_cast<std::size_t>(numOut), std::vector<float>(kChunk, 0.0f));
    std::vector<float*> inPtrs, outPtrs, writePtrs(static_cast<std::size_t>(numOut));
    for (auto& c : in)
        inPtrs.push_back(c.data());
    for (auto& c : out)
        outPtrs.push_back(c.data());
    double engineSeconds = 0.0;

    for (std::int64_t done = 0; done < totalLength;)
    {
        const int n = static_cast<int>(std::min<std::int64_t>(kChunk, totalLength - done));
        const int fromFile = static_cast<int>(std::clamp<std::int64_t>(inputLength - done, 0, n));
        if (fromFile > 0)
            input.read(inPtrs.data(), fromFile);
        for (auto* p : inPtrs)
            std::fill(p + fromFile, p + n, 0.0f);

        const auto engineStart = Clock::now();
        processor.process(inPtrs.data(), outPtrs.data(), n);
        engineSeconds += secondsSince(engineStart);

        const int skip = static_cast<int>(std::clamp<std::int64_t>(latency - done, 0, n));
        if (n > skip)
        {
            for (int o = 0; o < numOut; ++o)
                writePtrs[static_cast<std::size_t>(o)] = outPtrs[static_cast<std::size_t>(o)] + skip;
            writer.write(writePtrs.data(), n - skip);
        }
        done += n;
        if (progress)
            progress(static_cast<double>(done) / static_cast<double>(totalLength));
    }

    writer.commit();
    report.clippedSamples = writer.numClippedSamples();
    report.engineSeconds = engineSeconds;
    report.totalSeconds = secondsSince(started);
    return report;
}

} // namespace faltung
