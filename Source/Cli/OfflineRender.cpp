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

// The signal chain for one sample rate and input channel count.
struct OfflineRenderer::Chain
{
    StreamLayout layout;
    int latency = 0;
    std::string engine;
    PreparedIr ir;
    ReverbProcessor processor;
    bool used = false; // has rendered: reset before the next input
};

OfflineRenderer::OfflineRenderer(IrPipeline& irs, IrSource ir, const RenderSettings& settings, Stages stages)
    : irs_(irs)
    , ir_(std::move(ir))
    , settings_(settings)
    , stages_(stages)
{
}

OfflineRenderer::~OfflineRenderer() = default;

OfflineRenderer::Chain& OfflineRenderer::chainFor(double sampleRate, int numInputs)
{
    for (auto& c : chains_)
        if (c->layout.sampleRate == sampleRate && c->layout.numInputs == numInputs)
            return *c;

    auto chain = std::make_unique<Chain>();
    chain->ir = irs_.prepare(ir_, settings_.edits, sampleRate);
    const int numOutputs = numInputs == 1 && chain->ir.atRate->numChannels() == 1 ? 1 : 2;
    chain->layout = {sampleRate, kChunk, numInputs, numOutputs};

    EngineSpec spec;
    spec.partitionSize = settings_.partitionSize;
    spec.latencyMode = settings_.latencyMode;
    spec.partitioning = Partitioning::automatic;
    spec.stageScheduling =
        stages_ == Stages::parallel ? StageScheduling::workerWait : StageScheduling::inlineCompute;
    auto engine = makeReverbEngine(chain->ir.atRate->channels, chain->layout, spec);
    chain->latency = engine->convolver.latencySamples();
    chain->engine = engine->convolver.describe();

    chain->processor.prepare(chain->layout);
    chain->processor.installEngine(std::move(engine));
    chains_.push_back(std::move(chain));
    return *chains_.back();
}

RenderReport OfflineRenderer::render(AudioFileReader& input, const std::string& outputPath,
                                     const std::function<void(double)>& progress,
                                     const std::atomic<bool>* cancel)
{
    const auto started = Clock::now();
    ScopedFlushDenormals noDenormals;

    const int numIn = input.numChannels();
    if (numIn > 2)
        throw AudioFileError(input.name(), "has " + std::to_string(numIn) +
                                               " channels; the renderer takes mono or stereo input");
    const std::int64_t inputLength = input.length();

    auto& chain = chainFor(input.sampleRate(), numIn);
    if (chain.used)
        chain.processor.reset();
    chain.used = true;
    // The settings in place from the first sample.
    chain.processor.setSettingsImmediately(settings_.reverb);

    RenderReport report;
    report.irName = chain.ir.name;
    report.irChannels = chain.ir.decoded->numChannels();
    report.irFileRate = chain.ir.decoded->sampleRate;
    report.sampleRate = input.sampleRate();
    report.irSeconds = chain.ir.atRate->seconds();
    report.engine = chain.engine;
    report.latencySamples = chain.latency;
    report.inputChannels = numIn;
    report.outputChannels = chain.layout.numOutputs;

    // The output is the input plus the tail (input length + IR length - 1 samples,
    // and the predelay); the first `latency` samples the chain gives are dropped.
    const int numOut = chain.layout.numOutputs;
    const int latency = chain.latency;
    const auto predelay =
        static_cast<std::int64_t>(std::lround(settings_.reverb.predelayMs * 0.001 * input.sampleRate()));
    const std::int64_t outputLength = inputLength + chain.ir.atRate->length() - 1 + predelay;
    const std::int64_t totalLength = outputLength + latency;
    report.inputSeconds = static_cast<double>(inputLength) / input.sampleRate();
    report.outputSeconds = static_cast<double>(outputLength) / input.sampleRate();

    WavFileWriter writer(outputPath, input.sampleRate(), numOut, settings_.format);

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
        if (cancel != nullptr && cancel->load(std::memory_order_relaxed))
            throw RenderCancelled(); // the writer removes its unfinished file
        const int n = static_cast<int>(std::min<std::int64_t>(kChunk, totalLength - done));
        const int fromFile = static_cast<int>(std::clamp<std::int64_t>(inputLength - done, 0, n));
        if (fromFile > 0)
            input.read(inPtrs.data(), fromFile);
        for (auto* p : inPtrs)
            std::fill(p + fromFile, p + n, 0.0f);

        const auto engineStart = Clock::now();
        chain.processor.process(inPtrs.data(), outPtrs.data(), n);
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
