// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// Faltung's engine, faltung::Convolver, as the plugin runs it: the partition size
// is the host's block size, zero latency or efficient (latency B). And its direct
// FIR alone, for short IRs only: it costs O(IR length) per sample.
#include "BenchmarkEngine.h"

#include "Convolver.h"

namespace
{
using namespace faltung::bench;

class FaltungEngine final : public BenchmarkEngine
{
public:
    explicit FaltungEngine(bool directFirOnly)
        : directFirOnly_(directFirOnly)
    {
    }

    void prepare(const BenchCase& benchCase, const std::vector<std::vector<float>>& ir) override
    {
        faltung::EngineSpec spec;
        spec.partitionSize = benchCase.blockSize;
        spec.maxBlockSize = benchCase.blockSize;
        spec.latencyMode = benchCase.latency == LatencyKind::zero ? faltung::LatencyMode::zero
                                                                  : faltung::LatencyMode::efficient;
        if (directFirOnly_)
            spec.directFirCrossover = benchCase.irLength;
        convolver_.prepare(spec, ir, benchCase.numInputs(), benchCase.numOutputs());
        blockSize_ = benchCase.blockSize;
    }

    void process(const float* const* inputs, float* const* outputs) noexcept override
    {
        convolver_.process(inputs, outputs, blockSize_);
    }

    void reset() override { convolver_.reset(); }

    int latencySamples() const override { return convolver_.latencySamples(); }

    std::string notes() const override
    {
        return convolver_.describe() + "; engine reports " + std::to_string(convolver_.memoryBytes()) +
               " bytes";
    }

private:
    bool directFirOnly_;
    int blockSize_ = 0;
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

const bool registered =
    registerEngineKind({"faltung", "faltung::Convolver, uniform partitions of B (efficient mode: latency B)",
                        supportsAll,
                        [] { return std::unique_ptr<BenchmarkEngine>(new FaltungEngine(false)); }}) &&
    registerEngineKind(
        {"faltung-fir", "faltung::Convolver as a direct FIR alone (directFirCrossover = IR length)",
         supportsShortIrs, [] { return std::unique_ptr<BenchmarkEngine>(new FaltungEngine(true)); }});
} // namespace
