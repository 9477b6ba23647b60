// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "Convolver.h"

#include "Kernel.h"
#include "SimdKernels.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>

namespace faltung
{

namespace
{
bool isPowerOfTwo(int x)
{
    return x > 0 && (x & (x - 1)) == 0;
}

std::vector<std::vector<float>> mixKernelChannels(const Routing& routing,
                                                  const std::vector<std::vector<float>>& ir)
{
    const std::size_t length = ir.front().size();
    std::vector<std::vector<float>> channels;
    for (const auto& terms : routing.kernelChannels)
    {
        std::vector<float> mixed(length, 0.0f);
        for (const auto& term : terms)
            for (std::size_t i = 0; i < length; ++i)
                mixed[i] += term.gain * ir[static_cast<std::size_t>(term.irChannel)][i];
        channels.push_back(std::move(mixed));
    }
    return channels;
}
} // namespace

int defaultDirectFirCrossover(int partitionSize) noexcept
{
    const int avx512 = partitionSize <= 32 ? 384 : partitionSize <= 64 ? 192 : 128;
    // The FIR's cost per tap scales with the vector width (16, 8 or 4 floats); the
    // FFT's does not (FFTW picks its own code paths).
    static const int lanes = []
    {
        const std::string level = simd::featureLevel();
        return level == "avx512" ? 16 : level == "avx2" ? 8 : 4;
    }();
    return avx512 * lanes / 16;
}

int defaultFftRatio(int partitionSize, int segmentLength, int numPaths) noexcept
{
    // With FFTs of 2B the multiply-accumulate streams about 16 bytes per tap and path
    // each block (kernel and delay-line spectra). Within the 2 MiB of a core's L2 it
    // is bound by arithmetic, and a larger FFT only pays up to 4B; beyond, it is
    // bound by memory, and fewer, larger spectra pay up to 16B.
    constexpr double kCacheBytes = 2.0 * 1024 * 1024;
    constexpr double kMaxDelayLineBytes = 16.0 * 1024 * 1024; // per input: ratio x 4 bytes per tap
    const bool memoryBound = 16.0 * segmentLength * numPaths > kCacheBytes;
    const int largest = memoryBound ? 16 : 4;
    // With fewer partitions than this, the larger FFTs cost more than they save.
    const double minPartitions = memoryBound ? 25.0 : 40.0;
    int ratio = 2;
    while (ratio < largest &&
           (2 * ratio - 1) * static_cast<double>(partitionSize) <= segmentLength / minPartitions &&
           2.0 * ratio * 4.0 * segmentLength <= kMaxDelayLineBytes)
        ratio *= 2;
    return ratio;
}

int defaultMultiStageThreshold(int partitionSize) noexcept
{
    return std::max(40000, 56 * partitionSize);
}

Convolver::Convolver() = default;
Convolver::~Convolver() = default;

ConvolverPlan Convolver::plan(const EngineSpec& spec, const StreamLayout& layout, int irLength, int numPaths)
{
    const int B = spec.partitionSize;
    if (!isPowerOfTwo(B) || B < kMinPartitionSize || B > kMaxPartitionSize)
        throw std::invalid_argument("the partition size must be a power of two from " +
                                    std::to_string(kMinPartitionSize) + " to " +
                                    std::to_string(kMaxPartitionSize) + ", not " + std::to_string(B));
    if (layout.maxBlockSize < 1)
        throw std::invalid_argument("the maximum block size must be at least 1");
    if (!(layout.sampleRate > 0.0))
        throw std::invalid_argument("the sample rate must be positive");
    if (!isPowerOfTwo(spec.stageRatio) || spec.stageRatio < 2 || !isPowerOfTwo(spec.maxStagePartition))
        throw std::invalid_argument("the stage ratio and the largest stage partition must be powers of two");
    if (spec.fftRatio && (!isPowerOfTwo(*spec.fftRatio) || *spec.fftRatio < 2 || *spec.fftRatio > 64))
        throw std::invalid_argument("the FFT ratio must be a power of two from 2 to 64, not " +
                                    std::to_string(*spec.fftRatio));
    if (irLength < 1)
        throw std::invalid_argument("the impulse response is empty");

    ConvolverPlan plan;
    const bool zeroLatency = spec.latencyMode == LatencyMode::zero;
    plan.latency = zeroLatency ? 0 : B;

    // Split the IR between the direct FIR head and the partitioned tail.
    if (irLength <= spec.directFirCrossover.value_or(defaultDirectFirCrossover(B)) ||
        (zeroLatency && irLength <= B))
    {
        plan.headLength = irLength; // short enough to skip the FFT entirely
        plan.firDelay = zeroLatency ? 0 : B;
    }
    else
        plan.headLength = zeroLatency ? B : 0; // zero latency: the FIR covers the block the tail lags by
    plan.tailStart = plan.headLength == irLength ? irLength : plan.headLength;
    const bool hasTail = plan.hasTail(irLength);

    // Stages: each later stage k has partitions P_k and starts 2 P_k - latency taps
    // into the IR, which gives its worker one whole stage block to compute in (see
    // ScheduledStage); the first stage covers the IR up to there.
    const bool multiStage =
        hasTail && (spec.partitioning == Partitioning::multiStage ||
                    (spec.partitioning == Partitioning::automatic &&
                     irLength >= spec.multiStageThreshold.value_or(defaultMultiStageThreshold(B))));
    if (multiStage)
        for (int size = B;;)
        {
            const int next = std::min(size * spec.stageRatio, spec.maxStagePartition);
            const int start = 2 * next - plan.latency;
            if (next <= size || start >= irLength)
                break;
            if (!plan.stages.empty())
                plan.stages.back().end = start;
            plan.stages.push_back({start, irLength, next});
            size = next;
        }
    plan.firstStageEnd = plan.stages.empty() ? irLength : plan.stages.front().start;
    if (hasTail)
        plan.fftRatio =
            spec.fftRatio.value_or(defaultFftRatio(B, plan.firstStageEnd - plan.tailStart, numPaths));
    plan.fftHead = zeroLatency && hasTail && plan.headLength == B;
    plan.chunkLimit = hasTail ? std::min(B, layout.maxBlockSize) : layout.maxBlockSize;
    return plan;
}

void Convolver::prepare(const EngineSpec& spec, const StreamLayout& layout,
                        const std::vector<std::vector<float>>& ir, std::shared_ptr<StageExecutor> executor)
{
    if (ir.empty() || ir.front().empty())
        throw std::invalid_argument("the impulse response is empty");
    for (const auto& c : ir)
        if (c.size() != ir.front().size())
            throw std::invalid_argument("the impulse response's channels differ in length");
    const auto routing =
        Routing::forChannels(layout.numInputs, layout.numOutputs, static_cast<int>(ir.size()));
    const int length = static_cast<int>(ir.front().size());
    const auto p = plan(spec, layout, length, static_cast<int>(routing.paths.size()));
    build(spec, layout, routing, p, ir, std::move(executor));
}

void Convolver::build(const EngineSpec& spec, const StreamLayout& layout, const Routing& routing,
                      const ConvolverPlan& p, const std::vector<std::vector<float>>& ir,
                      std::shared_ptr<StageExecutor> executor)
{
    const int B = spec.partitionSize;
    const int length = static_cast<int>(ir.front().size());
    spec_ = spec;
    routing_ = routing;
    latency_ = p.latency;
    headLength_ = p.headLength;
    hasTail_ = p.hasTail(length);
    chunkLimit_ = p.chunkLimit;

    const auto kernelChannels = mixKernelChannels(routing_, ir);
    fft_ = hasTail_ ? std::make_unique<RealFft>(p.fftRatio * B, spec.planRigor) : nullptr;
    kernel_ =
        std::make_shared<const Kernel>(kernelChannels, headLength_, p.tailStart, fft_.get(), p.firstStageEnd,
                                       hasTail_ ? std::optional((p.fftRatio - 1) * B) : std::nullopt);
    fftHead_ = p.fftHead ? std::make_unique<const Kernel>(kernelChannels, 0, 0, fft_.get(), B, B) : nullptr;
    stages_.clear();
    if (!p.stages.empty() && spec.stageScheduling != StageScheduling::inlineCompute && executor == nullptr)
        executor = StageExecutor::shared();
    for (const auto& stage : p.stages)
        stages_.push_back(std::make_unique<ScheduledStage>(
            kernelChannels, stage.start, stage.end, stage.partitionSize, routing_, spec.stageScheduling,
            spec.planRigor, spec.skipSilence, layout.sampleRate, executor));

    firs_.clear();
    firs_.resize(static_cast<std::size_t>(headLength_ > 0 ? routing_.numInputs : 0));
    for (auto& fir : firs_)
        fir.prepare(headLength_, p.firDelay, chunkLimit_, spec.skipSilence);

    blockIn_.clear();
    blockOut_.clear();
    blockInPtrs_.clear();
    blockOutPtrs_.clear();
    if (hasTail_)
    {
        tail_.prepare(kernel_, routing_, *fft_, spec.skipSilence);
        for (int i = 0; i < routing_.numInputs; ++i)
            blockInPtrs_.push_back(blockIn_.emplace_back(static_cast<std::size_t>(B)).data());
        for (int o = 0; o < routing_.numOutputs; ++o)
            blockOutPtrs_.push_back(blockOut_.emplace_back(static_cast<std::size_t>(B)).data());
    }
    reset();
}

void Convolver::reset() noexcept
{
    for (auto& fir : firs_)
        fir.reset();
    if (hasTail_)
        tail_.reset();
    for (auto& b : blockIn_)
        b.clear();
    for (auto& b : blockOut_)
        b.clear();
    for (auto& stage : stages_)
        stage->reset();
    blockFill_ = 0;
    tailPending_ = false;
}

void Convolver::setWaitForStages(bool wait) noexcept
{
    for (auto& stage : stages_)
        stage->setWaitForWorker(wait);
}

void Convolver::waitForStages() const
{
    for (const auto& stage : stages_)
        stage->waitUntilCaughtUp();
}

int Convolver::deadlineMisses() const noexcept
{
    int misses = 0;
    for (const auto& stage : stages_)
        misses += stage->deadlineMisses();
    return misses;
}

void Convolver::process(const float* const* inputs, float* const* outputs, int numSamples) noexcept
{
    const int B = spec_.partitionSize;
    const int numComputed = routing_.secondOutputMirrorsFirst ? 1 : routing_.numOutputs;

    for (int done = 0; done < numSamples;)
    {
        int n = std::min(numSamples - done, chunkLimit_);
        if (hasTail_)
            n = std::min(n, B - blockFill_);
        // With an FFT head, a block's tail output is computed when the block begins
        // rather than when the one before it ends, so that a whole aligned block gets
        // its head and its tail from one inverse FFT and no FIR.
        const bool wholeBlock = fftHead_ != nullptr && blockFill_ == 0 && n == B;
        if (tailPending_ && !wholeBlock)
        {
            tail_.computeNextBlock(blockOutPtrs_.data());
            tailPending_ = false;
        }

        // Take in every input before writing any output, so that in-place works.
        for (int i = 0; i < routing_.numInputs; ++i)
        {
            const float* src = inputs[i] + done;
            if (headLength_ > 0)
                firs_[static_cast<std::size_t>(i)].push(src, n);
            if (hasTail_)
                std::memcpy(blockIn_[static_cast<std::size_t>(i)].data() + blockFill_, src,
                            sizeof(float) * n);
        }
        if (!stages_.empty())
        {
            const float* chunk[2] = {inputs[0] + done, inputs[routing_.numInputs - 1] + done};
            for (auto& stage : stages_)
                stage->pushInput(chunk, n);
        }

        float* outChunk[2] = {outputs[0] + done, outputs[routing_.numOutputs - 1] + done};
        if (wholeBlock)
        {
            tail_.pushBlock(blockInPtrs_.data());
            tail_.computeNewestBlock(*fftHead_, outChunk);
            tailPending_ = true;
        }
        else
            for (int o = 0; o < numComputed; ++o)
            {
                float* dst = outputs[o] + done;
                if (hasTail_)
                    std::memcpy(dst, blockOut_[static_cast<std::size_t>(o)].data() + blockFill_,
                                sizeof(float) * n);
                else
                    std::memset(dst, 0, sizeof(float) * n);
                if (headLength_ > 0)
                    for (const auto& path : routing_.paths)
                        if (path.output == o)
                            firs_[static_cast<std::size_t>(path.input)].convolveAdd(
                                kernel_->headReversed(path.kernelChannel), headLength_, dst);
            }
        for (auto& stage : stages_)
            stage->addOutput(outChunk, n);
        if (routing_.secondOutputMirrorsFirst)
            std::memcpy(outputs[1] + done, outputs[0] + done, sizeof(float) * n);

        if (hasTail_ && !wholeBlock)
        {
            blockFill_ += n;
            if (blockFill_ == B)
            {
                if (fftHead_ != nullptr)
                {
                    tail_.pushBlock(blockInPtrs_.data());
                    tailPending_ = true;
                }
                else
                    tail_.processBlock(blockInPtrs_.data(), blockOutPtrs_.data());
                blockFill_ = 0;
            }
        }
        done += n;
    }
}

int Convolver::irLength() const noexcept
{
    return kernel_ != nullptr ? kernel_->length() : 0;
}

std::size_t Convolver::memoryBytes() const noexcept
{
    std::size_t bytes = kernel_ != nullptr ? kernel_->memoryBytes() : 0;
    if (fftHead_ != nullptr)
        bytes += fftHead_->memoryBytes();
    for (const auto& fir : firs_)
        bytes += fir.memoryBytes();
    if (hasTail_)
        bytes += tail_.memoryBytes();
    for (const auto& stage : stages_)
        bytes += stage->memoryBytes();
    for (const auto& v : {&blockIn_, &blockOut_})
        for (const auto& b : *v)
            bytes += b.size() * sizeof(float);
    return bytes;
}

std::string Convolver::describe() const
{
    std::string text = routing_.describe() + ", " + std::to_string(irLength()) + " taps, ";
    if (!hasTail_)
        text += "direct FIR";
    else
    {
        text += (headLength_ > 0 ? "direct FIR head + partitions of " : "partitions of ") +
                std::to_string(kernel_->partitionSize());
        if (kernel_->partitionSize() != spec_.partitionSize)
            text += " in blocks of " + std::to_string(spec_.partitionSize);
    }
    for (const auto& stage : stages_)
        text += ", " + std::to_string(stage->blockSize());
    text += spec_.latencyMode == LatencyMode::zero ? " (zero latency)" : " (efficient)";
    return text;
}

} // namespace faltung
