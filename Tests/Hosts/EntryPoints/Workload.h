// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include <vector>

namespace faltung::test
{

// The same sequence of host calls for every format: block sizes from 1 to the
// maximum (every awkward size first, then random ones, with runs of equal sizes
// as from a steady audio device), parameter changes on about a quarter of the
// blocks (each a few points at sample offsets inside the block), stretches of
// silent input, stretches with the host's bypass on, and for VST3 a few
// parameter-only calls (no audio) as hosts make to flush automation.
struct Workload
{
    struct Change
    {
        int parameter; // index into the host's parameter list
        int offset;    // sample offset inside the block
        double normalised;
    };
    struct Block
    {
        int numSamples = 0; // 0: a VST3 parameter flush (skipped by formats without one)
        int firstChange = 0, numChanges = 0;
        bool silentInput = false;
        bool hostBypass = false;
    };

    Workload(int numBlocks, int maxBlockSize, int numParameters, unsigned seed);

    int maxBlockSize;
    std::vector<Block> blocks;
    std::vector<Change> changes; // each block's, in order of offset
};

} // namespace faltung::test
