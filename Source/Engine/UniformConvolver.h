// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include "AlignedBuffer.h"
#include "Routing.h"

#include <memory>
#include <vector>

namespace faltung
{

class Kernel;
class RealFft;

// Uniformly partitioned overlap-save convolution (UPOLS) of a kernel's tail, with
// a frequency-domain delay line (FDL).
//
// Works in blocks of exactly B = kernel.partitionSize() samples. For each block:
//   1. each input's last 2B samples are transformed once (FFT size 2B) and the
//      spectrum becomes the newest entry of that input's FDL;
//   2. for each routing path, the FDL entries (newest first) are multiplied with
//      the kernel partitions (first first) and summed into the path's output
//      spectrum: all partitions meet in the frequency domain;
//   3. one inverse FFT per output gives 2B samples, of which the last B are the
//      valid, alias-free output for this block.
//
// The FDL is a ring of P + 1 spectra stored newest-first in increasing memory
// order, so the multiply-accumulate walks the FDL and the kernel forwards
// together, in at most two straight runs.
//
// Silence costs almost nothing: a window of silent input is not transformed (its
// spectrum is zero), and once every spectrum in the FDL is zero the block is not
// multiplied or inverse-transformed either; the output is exactly what the full
// computation would give.
//
// processBlock() is real-time safe: no allocation, locking, or FFTW planning.
class UniformConvolver
{
public:
    // Not real-time. fft must outlive this object and have size 2 * B. skipSilence
    // false does every computation even on silence (to compare against).
    void prepare(std::shared_ptr<const Kernel> kernel, const Routing& routing, const RealFft& fft,
                 bool skipSilence = true);

    // Consumes B samples per input, writes B samples per output: the convolution
    // of the inputs so far with the kernel's tail, for the samples of the next block
    // (the tail starts at least B taps into the IR, so it needs no sample of that
    // block). Outputs without a path are set to zero. The same as pushBlock() and
    // then computeNextBlock().
    void processBlock(const float* const* in, float* const* out) noexcept;

    // The halves of processBlock(), for an engine that computes a block's output
    // only when it needs it (Convolver in zero-latency mode):
    //  - pushBlock(): takes in B samples per input (one FFT each, into the FDL);
    //  - computeNextBlock(): the tail's output for the block after the newest one
    //    taken in;
    //  - computeNewestBlock(): the output for the newest block taken in itself: that
    //    block times head's first partition (head: the IR's first B taps as a kernel
    //    of the same partition size) plus the tail's output, in one inverse FFT. A
    //    zero-latency engine called with whole, aligned blocks needs no FIR then.
    void pushBlock(const float* const* in) noexcept;
    void computeNextBlock(float* const* out) noexcept;
    void computeNewestBlock(const Kernel& head, float* const* out) noexcept;

    void reset() noexcept;

    int blockSize() const noexcept { return blockSize_; }
    std::size_t memoryBytes() const noexcept;

private:
    std::shared_ptr<const Kernel> kernel_;
    const RealFft* fft_ = nullptr;
    std::vector<Routing::Path> paths_;
    int blockSize_ = 0;
    int numPartitions_ = 0;
    int numSlots_ = 0; // P + 1 spectra: computeNewestBlock() needs one more than P
    int binStride_ = 0;
    int newest_ = 0; // FDL slot of the newest spectrum
    bool skipSilence_ = true;
    int silentBlocks_ = 0; // consecutive blocks of silence on every input

    std::vector<AlignedBuffer> inputWindows_; // per input: the last 2B samples
    std::vector<AlignedBuffer> delayLines_;   // per input: numPartitions spectra
    std::vector<AlignedBuffer> sums_;         // per output: accumulated spectrum
    AlignedBuffer timeOut_;                   // inverse FFT result, 2B samples

    // Sums the paths' partitions, partition 0 meeting the spectrum `age` blocks
    // old (and head's first partition the newest), and transforms them into out.
    void computeOutput(int age, const Kernel* head, float* const* out) noexcept;
    bool outputIsSilent() const noexcept { return skipSilence_ && silentBlocks_ > numSlots_ + 1; }

    float* slot(int input, int index) noexcept
    {
        return delayLines_[input].data() + static_cast<std::size_t>(index) * 2 * binStride_;
    }
};

} // namespace faltung
