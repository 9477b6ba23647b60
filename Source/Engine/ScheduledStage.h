// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include "AlignedBuffer.h"
#include "Kernel.h"
#include "RealFft.h"
#include "Routing.h"
#include "StageExecutor.h"
#include "UniformConvolver.h"

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

namespace faltung
{

// Where a later stage's blocks are computed, and what happens when one is late.
enum class StageScheduling
{
    workerDropLate, // by a StageExecutor; a block not ready by its deadline is left out (live use)
    workerWait,     // by a StageExecutor; the caller waits for a late block (faster than real time)
    inlineCompute,  // on the calling thread as each block completes
};

// One of the later stages of a multi-stage engine: a segment of the kernel,
// starting at tap 2P - L (L the engine's latency), convolved in uniform partitions
// of P samples, larger than the engine's block size, one stage block at a time by
// the threads of a StageExecutor (the worker, below), which every stage of every
// engine in the process shares.
//
// Timing: stage block m (input samples [mP, (m+1)P)) is handed to the worker when
// its last sample arrives, at input time (m+1)P. Because the segment starts 2P - L
// taps into the IR, its output is first needed at output time (m+2)P: the worker
// has one whole stage block, P samples of real time, to compute it. That is its
// deadline, which the executor orders its work by. The audio thread never waits for a worker: a block not
// done in time is left out (and counted in deadlineMisses()), so a starved machine loses part of the reverb
// for a moment instead of the whole audio callback. A worker that has fallen behind catches up: a block whose
// output was due a whole stage block ago only has its input taken into the history (one FFT, no
// multiply-accumulate). One that falls so far behind that the input ring comes round to the block it is still
// reading loses the newer block's input instead (it is convolved as silence): the audio thread never writes
// where the worker reads.
//
// Without a worker (StageScheduling::inlineCompute: offline rendering, tests) each
// block is computed as it is handed over, with the same output. With
// StageScheduling::workerWait the audio thread does wait for a late worker: for
// running faster than real time on several cores (benchmarks, offline), never live.
// A stage with a worker switches between the two worker modes at any time
// (setWaitForWorker), as a plugin's host goes offline to bounce and back.
//
// Live, the audio thread takes no lock and never waits; its one system call is the
// wake-up of a sleeping executor thread when it hands a block over (a futex wake,
// which never blocks; at most once per stage block, as zita-convolver posts a
// semaphore). Polling instead would cost thousands of wake-ups a second.
//
// A stage that has heard only silence for longer than its segment finishes its
// blocks on the audio thread at no cost and does not wake its worker.
class ScheduledStage final : private StageExecutor::Client
{
public:
    // Not real-time: builds the segment [start, end) of the kernel channels in
    // partitions of partitionSize, plans the FFT, allocates, and joins the executor
    // (which must be given unless the scheduling is inlineCompute). The sample rate
    // turns a stage block into the time its deadline is.
    ScheduledStage(const std::vector<std::vector<float>>& kernelChannels, int start, int end,
                   int partitionSize, const Routing& routing, StageScheduling scheduling, PlanRigor rigor,
                   bool skipSilence, double sampleRate, std::shared_ptr<StageExecutor> executor);
    ~ScheduledStage();

    ScheduledStage(const ScheduledStage&) = delete;
    ScheduledStage& operator=(const ScheduledStage&) = delete;

    // Real-time. The engine calls these in step, for the same n samples: first the
    // input (n never crosses a stage block boundary), then the output, which adds
    // this stage's part to the engine's outputs.
    void pushInput(const float* const* inputs, int n) noexcept;
    void addOutput(float* const* outputs, int n) noexcept;

    // Real-time, for a stage with a worker: true waits for late blocks
    // (StageScheduling::workerWait), false leaves them out (workerDropLate).
    void setWaitForWorker(bool wait) noexcept;

    // Real-time: forgets all history. Blocks the worker is still computing are
    // dropped when they finish.
    void reset() noexcept;

    // Not real-time: waits until the worker has computed every block handed to it.
    // For running faster than real time with a worker (tests, offline use).
    void waitUntilCaughtUp() const;

    int blockSize() const noexcept { return blockSize_; }
    int deadlineMisses() const noexcept { return misses_.load(std::memory_order_relaxed); }
    std::size_t memoryBytes() const noexcept;

private:
    static constexpr int kInputBlocks = 4; // the input ring: the worker may be up to 3 blocks behind
    // Output block m is written from input time (m+1)P and played during
    // [(m+2)P, (m+3)P): block m+3 may be written from (m+4)P, so three slots never
    // overlap (two would: block m+2 is handed over in the call that plays the end of m).
    static constexpr int kOutputBlocks = 3;

    void submitBlock() noexcept;
    // Takes block's input into the history and, when output is wanted, writes the
    // block's output into its output slot.
    void compute(std::int64_t block, bool output) noexcept;

    // StageExecutor::Client: on the executor's threads, one at a time.
    std::int64_t nextDeadline() const noexcept override;
    void runNextBlock() noexcept override;

    RealFft fft_;
    UniformConvolver convolver_;
    int blockSize_;
    int numInputs_;
    int numOutputs_;
    int segmentBlocks_ = 0;                  // the number of partitions in the segment
    bool inline_;                            // StageScheduling::inlineCompute: no worker
    std::atomic<bool> waitForWorker_{false}; // StageScheduling::workerWait
    bool skipSilence_ = true;

    // Audio thread.
    int inputFill_ = 0;
    int outputPos_ = 0;
    std::int64_t nextBlock_ = 0;   // the stage block being filled
    std::int64_t outputBlock_ = 0; // the stage block of output being played
    bool playing_ = false;         // whether outputBlock_ - 2 was ready in time
    int silentBlocks_ = 0;
    bool currentBlockSilent_ = true;
    std::array<bool, kOutputBlocks> silentOutput_{}; // block m was silence and not computed
    std::int64_t firstBlock_ = 0;                    // blocks before it belong to before the last reset
    bool writingInput_ = true; // the worker is done with what the input slot of nextBlock_ held

    std::vector<AlignedBuffer> input_; // per input: kInputBlocks blocks
    AlignedBuffer silence_;            // one block of zeros: the input of a block whose input was lost
    std::vector<AlignedBuffer>
        output_; // per output: kOutputBlocks blocks (block m in slot m % kOutputBlocks)
    std::vector<const float*> jobIn_;
    std::vector<float*> jobOut_;

    std::atomic<std::int64_t> submitted_{-1}; // the last block handed over
    // The block whose input each input slot holds (block m in slot m % kInputBlocks),
    // and when its output is due (StageExecutor::nowNanoseconds()).
    std::array<std::atomic<std::int64_t>, kInputBlocks> slotBlock_{};
    std::array<std::atomic<std::int64_t>, kInputBlocks> slotDeadline_{};
    std::atomic<std::int64_t> completed_{-1};   // the last block computed, or skipped as silence
    std::atomic<std::int64_t> resetBefore_{-1}; // the worker drops blocks before it and starts afresh
    std::atomic<int> misses_{0};
    std::int64_t periodNanoseconds_ = 0; // one stage block of real time
    std::int64_t clearedFor_ = -1;       // worker: the resetBefore_ it last cleared the history for
    std::shared_ptr<StageExecutor> executor_;
};

} // namespace faltung
