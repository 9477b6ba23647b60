// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// Faltung's engine, faltung::Convolver, as the plugin runs it: the partition size
// is the host's block size, zero latency or efficient (latency B); with uniform
// partitions only, or multi-stage. And its direct FIR alone, for short IRs only:
// it costs O(IR length) per sample.
//
// The multi-stage engine's workers run as they do live, except that a callback
// waits for a late stage block instead of leaving it out (StageScheduling::workerWait):
// the benchmark calls it faster than real time, and must hear every block. A live
// case (BenchCase::live, the multi-instance mode) builds it exactly as the plugin
// does, with StageScheduling::workerDropLate: a late stage block is left out and
// counted in deadlineMisses().
#include "BenchmarkEngine.h"

#include "Convolver.h"

namespace
{
using namespace faltung::bench;

enum class Variant
{
    uniform,
    multiStage,
    directFirOnly,
};

// The multi-stage engine's tuning, for the opt-in kinds below; 0 leaves the
// EngineSpec default.
struct StageTuning
{
    int stageRatio = 0;
    int maxStagePartition = 0;
};

class FaltungEngine final : public BenchmarkEngine
{
public:
    explicit FaltungEngine(Variant variant, int fftRatio = -1, StageTuning tuning = {})
        : variant_(variant)
        , fftRatio_(fftRatio)
        , tuning_(tuning)
    {
    }

    void prepare(const BenchCase& benchCase, const std::vector<std::vector<float>>& ir) override
    {
        faltung::EngineSpec spec;
        spec.partitionSize = benchCase.blockSize;
        spec.latencyMode = benchCase.latency == LatencyKind::zero ? faltung::LatencyMode::zero
                                                                  : faltung::LatencyMode::efficient;
        if (fftRatio_ > 0)
            spec.fftRatio = fftRatio_;
        if (variant_ == Variant::directFirOnly)
            spec.directFirCrossover = benchCase.irLength;
        if (variant_ == Variant::multiStage)
        {
            spec.partitioning = faltung::Partitioning::multiStage;
            spec.stageScheduling = benchCase.live ? faltung::StageScheduling::workerDropLate
                                                  : faltung::StageScheduling::workerWait;
            if (tuning_.stageRatio > 0)
                spec.stageRatio = tuning_.stageRatio;
            if (tuning_.maxStagePartition > 0)
                spec.maxStagePartition = tuning_.maxStagePartition;
        }
        convolver_.prepare(spec,
                           faltung::StreamLayout{48000.0, benchCase.blockSize, benchCase.numInputs(),
                                                 benchCase.numOutputs()},
                           ir);
        blockSize_ = benchCase.blockSize;
        live_ = benchCase.live;
    }

    void process(const float* const* inputs, float* const* outputs) noexcept override
    {
        convolver_.process(inputs, outputs, blockSize_);
    }

    void reset() override { convolver_.reset(); }

    void finishBackgroundWork() override { convolver_.waitForStages(); }

    int latencySamples() const override { return convolver_.latencySamples(); }

    long deadlineMisses() const noexcept override { return convolver_.deadlineMisses(); }

    std::string notes() const override
    {
        std::string text =
            convolver_.describe() + "; engine reports " + std::to_string(convolver_.memoryBytes()) + " bytes";
        if (live_ && convolver_.numStages() > 0)
            text += "; live: " + std::to_string(convolver_.numStages()) +
                    " later stages, late blocks left out (workerDropLate)";
        return text;
    }

private:
    Variant variant_;
    int fftRatio_;
    StageTuning tuning_;
    int blockSize_ = 0;
    bool live_ = false;
    faltung::Convolver convolver_;
};

bool supportsAll(const BenchCase&)
{
    return true;
}

// The direct FIR is only worth timing on short IRs (0.05 s in the standard set).
bool supportsShortIrs(const BenchCase& benchCase)
{
    return benchCase.irLength <= static_cast<int>(benchCase.sampleRate / 10);
}

// Multi-stage only differs from uniform where the IR reaches its first later stage.
bool supportsLongIrs(const BenchCase& benchCase)
{
    return benchCase.irLength > 8 * benchCase.blockSize;
}

// Fixed FFT sizes, opt-in, to measure defaultFftRatio() with:
//   faltung-benchmark --engines faltung-fft2,faltung-fft4,...
template <Variant variant, int ratio>
std::unique_ptr<BenchmarkEngine> createWithFftRatio()
{
    return std::unique_ptr<BenchmarkEngine>(new FaltungEngine(variant, ratio));
}

template <int ratio>
bool registerFftRatio()
{
    const std::string r = std::to_string(ratio);
    return registerEngineKind({"faltung-fft" + r, "faltung, uniform, FFT size " + r + " B", supportsAll,
                               createWithFftRatio<Variant::uniform, ratio>, true}) &&
           registerEngineKind({"faltung-multi-fft" + r, "faltung-multi, first stage on FFTs of " + r + " B",
                               supportsLongIrs, createWithFftRatio<Variant::multiStage, ratio>, true});
}

const bool registeredRatios = registerFftRatio<2>() && registerFftRatio<4>() && registerFftRatio<8>() &&
                              registerFftRatio<16>() && registerFftRatio<32>();

// The multi-stage engine's stage layout, opt-in, to tune its defaults with:
//   faltung-multi-sr<R>: later stages R times larger each (EngineSpec::stageRatio; default 16),
//   faltung-multi-max<P>: no stage partition larger than P (maxStagePartition; default 8192),
//   and either with -fft<N>: the first stage on FFTs of N B (fftRatio).
template <int stageRatio, int maxPartition, int fftRatio>
std::unique_ptr<BenchmarkEngine> createWithStageTuning()
{
    return std::unique_ptr<BenchmarkEngine>(
        new FaltungEngine(Variant::multiStage, fftRatio, StageTuning{stageRatio, maxPartition}));
}

template <int stageRatio, int maxPartition, int fftRatio = -1>
bool registerStageTuning()
{
    std::string name = "faltung-multi";
    std::string description = "faltung-multi";
    if (stageRatio > 0)
    {
        name += "-sr" + std::to_string(stageRatio);
        description += ", stages " + std::to_string(stageRatio) + "x larger each";
    }
    if (maxPartition > 0)
    {
        name += "-max" + std::to_string(maxPartition);
        description += ", stage partitions up to " + std::to_string(maxPartition);
    }
    if (fftRatio > 0)
    {
        name += "-fft" + std::to_string(fftRatio);
        description += ", first stage on FFTs of " + std::to_string(fftRatio) + " B";
    }
    return registerEngineKind({name, description, supportsLongIrs,
                               createWithStageTuning<stageRatio, maxPartition, fftRatio>, true});
}

const bool registeredStageTunings =
    registerStageTuning<2, 0>() && registerStageTuning<4, 0>() && registerStageTuning<8, 0>() &&
    registerStageTuning<0, 4096>() && registerStageTuning<0, 16384>() && registerStageTuning<0, 32768>() &&
    registerStageTuning<2, 16384>() && registerStageTuning<8, 16384>() &&
    registerStageTuning<0, 16384, 4>() && registerStageTuning<2, 0, 4>() && registerStageTuning<8, 0, 4>() &&
    registerStageTuning<4, 0, 4>() && registerStageTuning<32, 0>() && registerStageTuning<64, 0>() &&
    registerStageTuning<4, 16384>();

const bool registered =
    registerEngineKind(
        {"faltung",
         "faltung::Convolver, uniform partitions, taken in blocks of B (efficient mode: latency B), FFT size "
         "defaultFftRatio(B) B",
         supportsAll,
         [] { return std::unique_ptr<BenchmarkEngine>(new FaltungEngine(Variant::uniform)); }}) &&
    registerEngineKind(
        {"faltung-multi",
         "faltung::Convolver, multi-stage: partitions of B, then stages of 16x larger ones (up to 8192) on "
         "worker threads",
         supportsLongIrs,
         [] { return std::unique_ptr<BenchmarkEngine>(new FaltungEngine(Variant::multiStage)); }}) &&
    registerEngineKind(
        {"faltung-fir", "faltung::Convolver as a direct FIR alone (directFirCrossover = IR length)",
         supportsShortIrs,
         [] { return std::unique_ptr<BenchmarkEngine>(new FaltungEngine(Variant::directFirOnly)); }});
} // namespace
