// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include "AlignedBuffer.h"
#include "DirectFir.h"
#include "RealFft.h"
#include "Routing.h"
#include "ScheduledStage.h"
#include "StreamLayout.h"
#include "UniformConvolver.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace faltung
{

class Kernel;

enum class LatencyMode
{
    efficient, // latency = partition size; the whole IR runs in the partitioned engine
    zero,      // no latency; the first partition runs as a direct FIR
};

// The partition sizes (B) the engine runs: powers of two in this range. The
// latency in efficient mode is B, so kMaxPartitionSize is also the most latency
// an engine can have.
inline constexpr int kMinPartitionSize = 32;
inline constexpr int kMaxPartitionSize = 8192;

// The longest IR that runs as a direct FIR alone, with no FFT, for a partition
// size. Measured with faltung-crossover (Tests/Benchmarks) on an AMD EPYC (Zen 4,
// AVX-512 path): one FFT partition costs 6 to 8 ns per sample whatever its size,
// and the FIR about 0.036 ns per tap, so the FIR wins up to about 170 taps, and
// further at small partition sizes, where the FFT's per-block overhead weighs
// more. The values are rounded down to keep a margin. On CPUs without AVX-512 the
// FIR does a half (AVX2) or a quarter (SSE2) as many taps per instruction, and the
// crossover shrinks in proportion (derived, not measured: no such CPU here).
int defaultDirectFirCrossover(int partitionSize) noexcept;

// The shortest IR for which Partitioning::automatic goes multi-stage. Measured with
// faltung-benchmark (stereo, zero latency, callbacks paced in real time with the
// worker threads' CPU counted; Tests/Benchmarks/results/multistage-threshold.txt):
// on a 2-core Xeon VM, against the uniform engine with its larger FFTs
// (defaultFftRatio), multi-stage took less CPU from 0.5 to 1 s at B = 64, 1 to 1.5 s
// at B = 256 and about 1.5 s at B = 1024 (two runs; paced runs on a VM vary by 20 %).
// Below that, waking the workers costs more than the larger partitions save.
int defaultMultiStageThreshold(int partitionSize) noexcept;

// The FFT size of the engine's B-sample blocks, as a multiple of B, for the IR
// segment the first stage convolves (segmentLength taps, on numPaths routing
// paths): its partitions are (ratio - 1) B taps (see UniformConvolver). A larger
// FFT costs more per block but multiplies fewer, larger spectra, and the
// multiply-accumulate, which streams every spectrum of the segment through the
// CPU each block, is what bounds a long IR. From faltung-benchmark's faltung-fft*
// rows on a 2-core Xeon VM (Tests/Benchmarks/results/fft-ratio.txt): 2 for short
// segments (and so for a multi-stage engine's first stage), 4 up to about 1 s of
// stereo, 8 or 16 beyond, at B = 32 to 4096.
int defaultFftRatio(int partitionSize, int segmentLength, int numPaths) noexcept;

// How the IR beyond the first partitions is cut up.
enum class Partitioning
{
    uniform,    // every partition B: the least latency jitter, the most work for long IRs
    multiStage, // partitions grow by stageRatio after the first few (ScheduledStage)
    automatic,  // multi-stage when the IR is longer than multiStageThreshold taps
};

// How an engine is built, besides the IR and the stream it plays in (StreamLayout):
// the user's choices (partition size, latency mode) and the tuning that tests and
// benchmarks vary. Unset optionals take the measured defaults above.
struct EngineSpec
{
    int partitionSize = 256; // B: a power of two from kMinPartitionSize to kMaxPartitionSize
    LatencyMode latencyMode = LatencyMode::efficient;
    PlanRigor planRigor = PlanRigor::measure;
    std::optional<int> directFirCrossover; // taps; default defaultDirectFirCrossover(partitionSize)
    std::optional<int> fftRatio; // FFT size / B, a power of two from 2 to 64; default defaultFftRatio()

    Partitioning partitioning = Partitioning::uniform;
    // Each later stage's partitions are this many times larger. 16 rather than 4: fewer
    // stages, each a hand-over to a worker and a pair of FFTs per block, cost 1.2 to 1.8
    // times less CPU in all for a 3 s IR at B = 32 to 1024, while the first stage's
    // extra partitions of B on the audio thread are plain multiply-adds
    // (Tests/Benchmarks/results/stage-ratio.txt).
    int stageRatio = 16;
    int maxStagePartition = kMaxPartitionSize; // and no larger than this
    std::optional<int> multiStageThreshold;    // taps, for automatic; default defaultMultiStageThreshold()
    StageScheduling stageScheduling = StageScheduling::workerDropLate; // see ScheduledStage
    bool skipSilence = true; // false: compute everything even on silence (for comparison)

    bool operator==(const EngineSpec&) const = default;
};

// How an engine divides an IR, decided from the spec, the stream and the IR's length
// alone, before any FFT is planned or spectrum computed (Convolver::plan).
struct ConvolverPlan
{
    struct Stage
    {
        int start = 0, end = 0; // taps of the IR
        int partitionSize = 0;
    };

    int latency = 0;           // samples: the partition size in efficient mode, 0 in zero latency
    int headLength = 0;        // taps run as a direct FIR (all of them when there is no tail)
    int firDelay = 0;          // samples the FIR's output is delayed by (a short IR in efficient mode)
    int tailStart = 0;         // first tap of the partitioned tail; the IR's length when there is none
    int firstStageEnd = 0;     // where the first stage's uniform partitions end
    int fftRatio = 0;          // the first stage's FFT size / partition size; 0 without a tail
    bool fftHead = false;      // zero latency: the head also as one FFT partition (see Convolver)
    int chunkLimit = 0;        // most samples handled per inner step
    std::vector<Stage> stages; // the later stages, on a StageExecutor or inline

    bool hasTail(int irLength) const noexcept { return tailStart < irLength; }
};

// The whole engine for one impulse response: routing, the direct FIR head, the
// partitioned tail (uniform, or a first stage of B-sample partitions followed by
// ScheduledStages of larger ones), and the buffering that lets hosts call it with
// any block size.
//
// Latency is exact: partitionSize samples in efficient mode, none in zero-latency
// mode. It depends only on the spec, never on the IR, so swapping IRs in a plugin
// never changes the latency reported to the host (a short IR that runs as a direct
// FIR in efficient mode is delayed to match).
//
// Threading: prepare() allocates and plans FFTs (not real-time). process() and
// reset() are real-time safe: no allocation, locking, logging, exceptions or FFTW
// planning. Flush denormals on the calling thread (see ScopedFlushDenormals).
class Convolver
{
public:
    Convolver();
    ~Convolver();

    // ir: 1, 2 or 4 equal-length channels (4 = true stereo LL, LR, RL, RR), routed
    // from the layout's inputs to its outputs (1 or 2 each); maxBlockSize bounds the
    // engine's inner steps (any block size still works). The IR is at the layout's
    // sample rate already; the rate gives the later stages' deadlines their time.
    // Later stages on workers run on `executor`, or on StageExecutor::shared() when
    // none is given. Throws std::invalid_argument on bad arguments.
    void prepare(const EngineSpec& spec, const StreamLayout& layout,
                 const std::vector<std::vector<float>>& ir,
                 std::shared_ptr<StageExecutor> executor = nullptr);

    // What prepare() will build for an IR of irLength taps on these paths, without
    // building it. Throws std::invalid_argument for a spec it cannot build.
    static ConvolverPlan plan(const EngineSpec& spec, const StreamLayout& layout, int irLength, int numPaths);

    // Any numSamples >= 0 on every call. inputs and outputs may be the same buffers.
    void process(const float* const* inputs, float* const* outputs, int numSamples) noexcept;

    // Forgets all input history: the next output is as if the input had been silent.
    void reset() noexcept;

    int latencySamples() const noexcept { return latency_; }
    int numInputs() const noexcept { return routing_.numInputs; }
    int numOutputs() const noexcept { return routing_.numOutputs; }
    int irLength() const noexcept;
    const EngineSpec& spec() const noexcept { return spec_; }
    const Routing& routing() const noexcept { return routing_; }

    bool usesDirectFir() const noexcept { return headLength_ > 0; }
    bool usesPartitions() const noexcept { return hasTail_; }
    int numStages() const noexcept { return static_cast<int>(stages_.size()); } // beyond the first
    int deadlineMisses() const noexcept;

    // Real-time, for stages on worker threads: true waits for a late stage block
    // (StageScheduling::workerWait), false leaves it out (workerDropLate). Engines
    // built with inlineCompute ignore it.
    void setWaitForStages(bool wait) noexcept;

    // Not real-time: waits until every worker has finished the blocks it was handed.
    // Only needed when running threaded stages faster than real time.
    void waitForStages() const;

    // Heap bytes held by the engine and its kernel.
    std::size_t memoryBytes() const noexcept;

    // One line for logs and the CLI, such as "true stereo, 144000 taps, partitions of 1920 in blocks of
    // 128 (efficient)".
    std::string describe() const;

private:
    void build(const EngineSpec& spec, const StreamLayout& layout, const Routing& routing,
               const ConvolverPlan& plan, const std::vector<std::vector<float>>& ir,
               std::shared_ptr<StageExecutor> executor);

    EngineSpec spec_;
    Routing routing_;
    std::unique_ptr<RealFft> fft_;
    std::shared_ptr<const Kernel> kernel_;
    // Zero latency: the IR's first B taps as one partition, which replaces the
    // direct FIR head whenever a call brings a whole block aligned with the
    // partitions (as hosts whose block size is the partition size always do).
    std::unique_ptr<const Kernel> fftHead_;
    int latency_ = 0;
    int headLength_ = 0;
    bool hasTail_ = false;
    int chunkLimit_ = 0;       // most samples handled per inner step
    int blockFill_ = 0;        // samples of the current partition block already taken in
    bool tailPending_ = false; // with fftHead_: blockOut_ not yet computed for this block

    std::vector<DirectFir> firs_; // per input
    UniformConvolver tail_;
    std::vector<std::unique_ptr<ScheduledStage>> stages_;
    std::vector<AlignedBuffer> blockIn_;  // per input: the partition block being filled
    std::vector<AlignedBuffer> blockOut_; // per output: the last block's tail output
    std::vector<float*> blockInPtrs_;
    std::vector<float*> blockOutPtrs_;
};

} // namespace faltung
