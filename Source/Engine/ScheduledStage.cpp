// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "ScheduledStage.h"

#include "Denormals.h"
#include "SimdKernels.h"

#include <cstring>
#include <stdexcept>
#include <thread>

namespace faltung
{

ScheduledStage::ScheduledStage(const std::vector<std::vector<float>>& kernelChannels, int start, int end,
                               int partitionSize, const Routing& routing, StageScheduling scheduling,
                               PlanRigor rigor, bool skipSilence, double sampleRate,
                               std::shared_ptr<StageExecutor> executor)
    : fft_(2 * partitionSize, rigor)
    , blockSize_(partitionSize)
    , numInputs_(routing.numInputs)
    , numOutputs_(routing.numOutputs)
    , inline_(scheduling == StageScheduling::inlineCompute)
    , waitForWorker_(scheduling == StageScheduling::workerWait)
{
    auto segment = std::make_shared<const Kernel>(kernelChannels, 0, start, &fft_, end);
    segmentBlocks_ = segment->numPartitions();
    convolver_.prepare(segment, routing, fft_, skipSilence);
    skipSilence_ = skipSilence;

    for (int i = 0; i < numInputs_; ++i)
        input_.emplace_back(static_cast<std::size_t>(kInputBlocks * blockSize_));
    silence_ = AlignedBuffer(static_cast<std::size_t>(blockSize_));
    for (auto& b : slotBlock_)
        b.store(-1, std::memory_order_relaxed);
    for (int o = 0; o < numOutputs_; ++o)
        output_.emplace_back(static_cast<std::size_t>(kOutputBlocks * blockSize_));
    jobIn_.resize(static_cast<std::size_t>(numInputs_));
    jobOut_.resize(static_cast<std::size_t>(numOutputs_));
    periodNanoseconds_ = static_cast<std::int64_t>(1e9 * partitionSize / sampleRate);

    if (!inline_)
    {
        if (executor == nullptr)
            throw std::invalid_argument("a stage scheduled on workers needs a StageExecutor");
        executor_ = std::move(executor);
        executor_->attach(*this);
    }
}

ScheduledStage::~ScheduledStage()
{
    if (executor_ != nullptr)
        executor_->detach(*this);
}

void ScheduledStage::pushInput(const float* const* inputs, int n) noexcept
{
    // The slot this block goes into held block nextBlock_ - kInputBlocks: a worker
    // still on that block must not have it overwritten under it.
    if (inputFill_ == 0)
        writingInput_ = completed_.load(std::memory_order_acquire) >= nextBlock_ - kInputBlocks;
    const std::size_t offset = static_cast<std::size_t>(nextBlock_ % kInputBlocks) * blockSize_ + inputFill_;
    for (int i = 0; i < numInputs_; ++i)
    {
        if (writingInput_)
            std::memcpy(input_[static_cast<std::size_t>(i)].data() + offset, inputs[i], sizeof(float) * n);
        currentBlockSilent_ = currentBlockSilent_ && simd::isSilent(inputs[i], n);
    }
    inputFill_ += n;
    if (inputFill_ == blockSize_)
    {
        submitBlock();
        inputFill_ = 0;
        ++nextBlock_;
    }
}

void ScheduledStage::submitBlock() noexcept
{
    const std::int64_t block = nextBlock_;
    if (writingInput_)
        slotBlock_[static_cast<std::size_t>(block % kInputBlocks)].store(block, std::memory_order_release);
    silentBlocks_ = currentBlockSilent_ ? std::min(silentBlocks_ + 1, segmentBlocks_ + 2) : 0;
    currentBlockSilent_ = true;

    // Silence on a stage that has already computed its way to silence (every block
    // its segment can still hear is silent): the output is zero, nothing to do.
    const bool idle = skipSilence_ && silentBlocks_ > segmentBlocks_ + 1 &&
                      completed_.load(std::memory_order_acquire) == block - 1;
    silentOutput_[static_cast<std::size_t>(block % kOutputBlocks)] = idle;
    if (idle)
    {
        // Not handed over (submitted_ stays): the worker, done with block - 1, must
        // not take this block up as well. completed_ then runs ahead of submitted_,
        // and the worker's next block is the next one handed over.
        completed_.store(block, std::memory_order_release);
        return;
    }

    if (inline_)
    {
        submitted_.store(block, std::memory_order_relaxed);
        compute(block, true);
        completed_.store(block, std::memory_order_release);
        return;
    }
    slotDeadline_[static_cast<std::size_t>(block % kInputBlocks)].store(
        StageExecutor::nowNanoseconds() + periodNanoseconds_, std::memory_order_relaxed);
    submitted_.store(block, std::memory_order_release);
    executor_->notify();
}

void ScheduledStage::compute(std::int64_t block, bool output) noexcept
{
    const auto inSlot = static_cast<std::size_t>(block % kInputBlocks);
    const bool haveInput = slotBlock_[inSlot].load(std::memory_order_acquire) == block;
    for (std::size_t i = 0; i < jobIn_.size(); ++i)
        jobIn_[i] = haveInput ? input_[i].data() + inSlot * blockSize_ : silence_.data();
    convolver_.pushBlock(jobIn_.data());
    if (!output)
        return;
    const std::size_t out = static_cast<std::size_t>(block % kOutputBlocks) * blockSize_;
    for (std::size_t o = 0; o < jobOut_.size(); ++o)
        jobOut_[o] = output_[o].data() + out;
    convolver_.computeNextBlock(jobOut_.data());
}

void ScheduledStage::addOutput(float* const* outputs, int n) noexcept
{
    if (outputPos_ == 0)
    {
        // The block computed from input block q - 2 plays now (see the class comment).
        const std::int64_t job = outputBlock_ - 2;
        const bool due = job >= firstBlock_; // before: silence (or before a reset)
        if (due && waitForWorker_.load(std::memory_order_relaxed))
            for (auto done = completed_.load(std::memory_order_acquire); done < job;
                 done = completed_.load(std::memory_order_acquire))
                completed_.wait(done, std::memory_order_acquire);
        const bool ready = due && completed_.load(std::memory_order_acquire) >= job;
        playing_ = ready && !silentOutput_[static_cast<std::size_t>(job % kOutputBlocks)];
        if (due && !ready)
            misses_.fetch_add(1, std::memory_order_relaxed);
    }
    if (playing_)
    {
        const std::size_t from =
            static_cast<std::size_t>((outputBlock_ - 2) % kOutputBlocks) * blockSize_ + outputPos_;
        for (int o = 0; o < numOutputs_; ++o)
            simd::addScaled(output_[static_cast<std::size_t>(o)].data() + from, 1.0f, outputs[o], n);
    }
    outputPos_ += n;
    if (outputPos_ == blockSize_)
    {
        outputPos_ = 0;
        ++outputBlock_;
    }
}

void ScheduledStage::setWaitForWorker(bool wait) noexcept
{
    waitForWorker_.store(wait && !inline_, std::memory_order_relaxed);
}

void ScheduledStage::reset() noexcept
{
    // Block numbers keep counting: blocks from before the reset are dropped by
    // number, and the worker clears its convolver before the first block after it.
    nextBlock_ += inputFill_ > 0 ? 1 : 0;
    inputFill_ = 0;
    outputBlock_ = nextBlock_;
    outputPos_ = 0;
    firstBlock_ = nextBlock_;
    playing_ = false;
    silentBlocks_ = 0;
    currentBlockSilent_ = true;
    if (!inline_)
        resetBefore_.store(firstBlock_, std::memory_order_release);
    else
        convolver_.reset();
}

std::int64_t ScheduledStage::nextDeadline() const noexcept
{
    const std::int64_t next = completed_.load(std::memory_order_acquire) + 1;
    if (next > submitted_.load(std::memory_order_acquire))
        return kNoWork;
    // A slot overwritten by a newer block (a worker three blocks behind) only makes
    // the deadline later than it is: the block is long past use then anyway.
    return slotDeadline_[static_cast<std::size_t>(next % kInputBlocks)].load(std::memory_order_relaxed);
}

void ScheduledStage::runNextBlock() noexcept
{
    const std::int64_t next = completed_.load(std::memory_order_acquire) + 1;
    const std::int64_t submitted = submitted_.load(std::memory_order_acquire);
    if (next > submitted)
        return;
    const std::int64_t resetBefore = resetBefore_.load(std::memory_order_acquire);
    if (resetBefore > clearedFor_)
    {
        convolver_.reset();
        clearedFor_ = resetBefore;
    }
    // Block next plays from the hand-over of block next + 1 (see the class comment):
    // once next + 2 is handed over, its output is long past use.
    const bool late = !waitForWorker_.load(std::memory_order_relaxed) && submitted >= next + 2;
    if (next >= resetBefore)
        compute(next, !late);
    completed_.store(next, std::memory_order_release);
    completed_.notify_all(); // always: the audio thread may have begun to wait just now
}

void ScheduledStage::waitUntilCaughtUp() const
{
    while (completed_.load(std::memory_order_acquire) < submitted_.load(std::memory_order_acquire))
        std::this_thread::yield();
}

std::size_t ScheduledStage::memoryBytes() const noexcept
{
    std::size_t floats = silence_.size();
    for (const auto* v : {&input_, &output_})
        for (const auto& b : *v)
            floats += b.size();
    return floats * sizeof(float) + convolver_.memoryBytes();
}

} // namespace faltung
