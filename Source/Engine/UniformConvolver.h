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
// Takes in blocks of B samples, where B = FFT size - partition size, so that an
// FFT of N = L + B points holds a block and a partition of L taps without wrapping
// around. L = B (N = 2B) is the classic scheme; L = mB with a larger FFT does the
// same work with m times fewer, (m + 1) / 2 times larger spectra per block, which
// streams fewer bytes through the multiply-accumulate that bounds this engine (a
// long IR's spectra do not fit in the caches). For each block:
//   1. each input's last N samples are transformed once and the spectrum becomes
//      the newest entry of that input's FDL;
//   2. for each routing path, kernel partition p meets the FDL entry p * m blocks
//      old (it is p * L samples late): the products are summed into the path's
//      output spectrum, so all partitions meet in the frequency domain;
//   3. one inverse FFT per output gives N samples, of which the last B are the
//      valid, alias-free output for this block.
//
// The FDL is a ring of (P - 1) m + 2 spectra (one more than the oldest entry used,
// for computeNewestBlock()) stored newest-first in increasing memory order, so the
// multiply-accumulate walks the FDL and the kernel forwards together.
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
    // Not real-time. fft must outlive this object and be the kernel's; its size less
    // the kernel's partition size is the block size B, of which the partition size
    // must be a multiple. skipSilence false does every computation even on silence
    // (to compare against).
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
    //    of partitions of B on the same FFT) plus the tail's output, in one inverse FFT. A
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
    int fftSize_ = 0;
    int numPartitions_ = 0;
    int blocksPerPartition_ = 1; // m: FDL entries between one partition's and the next's
    int numSlots_ = 0;
    int binStride_ = 0;
    int newest_ = 0; // FDL slot of the newest spectrum
    bool skipSilence_ = true;
    int silentBlocks_ = 0; // consecutive blocks of silence on every input

    std::vector<AlignedBuffer> inputWindows_; // per input: the last N samples
    std::vector<AlignedBuffer> delayLines_;   // per input: numSlots spectra
    std::vector<AlignedBuffer> sums_;         // per output: accumulated spectrum
    AlignedBuffer timeOut_;                   // inverse FFT result, N samples

    // Sums the paths' partitions, partition 0 meeting the spectrum `age` blocks
    // old (and head's first partition the newest), and transforms them into out.
    void computeOutput(int age, const Kernel* head, float* const* out) noexcept;
    // Every window in the FDL spans m + 1 blocks; see pushBlock().
    bool outputIsSilent() const noexcept
    {
        return skipSilence_ && silentBlocks_ > numSlots_ + blocksPerPartition_;
    }

    float* slot(int input, int index) noexcept
    {
        return delayLines_[input].data() + static_cast<std::size_t>(index) * 2 * binStride_;
    }
};

} // namespace faltung
