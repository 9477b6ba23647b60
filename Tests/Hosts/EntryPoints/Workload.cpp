// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "Workload.h"

#include <algorithm>
#include <random>

namespace faltung::test
{

Workload::Workload(int numBlocks, int maxBlock, int numParameters, unsigned seed)
    : maxBlockSize(maxBlock)
{
    std::mt19937 rng(seed);
    auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    auto chance = [&](double p) { return std::bernoulli_distribution(p)(rng); };

    std::vector<int> sizes;
    for (int n : {1,   2,   3,   5,   7,   8,   13,  16,  31,  32,   33,   63,   64,   65,   100,  127, 128,
                  129, 255, 256, 257, 333, 511, 512, 513, 777, 1000, 1023, 1024, 2047, 2048, 4095, 4096})
        if (n < maxBlock)
            sizes.push_back(n);
    sizes.push_back(maxBlock);

    int run = 0, runSize = 0;
    for (int b = 0; b < numBlocks; ++b)
    {
        Block block;
        if (b < static_cast<int>(sizes.size()))
            block.numSamples = sizes[static_cast<std::size_t>(b)];
        else if (run > 0)
        {
            block.numSamples = runSize;
            --run;
        }
        else if (chance(0.02))
            block.numSamples = 0;
        else
        {
            const int kind = uniform(0, 3);
            block.numSamples = kind == 0 ? uniform(1, 64) : kind == 1 ? maxBlock : uniform(1, maxBlock);
            if (chance(0.1))
            {
                run = uniform(4, 40);
                runSize = block.numSamples;
            }
        }
        block.silentInput = b % 700 >= 500 && b % 700 < 560;
        block.hostBypass = b % 900 >= 800 && b % 900 < 830;

        block.firstChange = static_cast<int>(changes.size());
        if (numParameters > 0 && (block.numSamples == 0 || chance(0.25)))
        {
            const int count = uniform(1, 4);
            for (int c = 0; c < count; ++c)
            {
                const int parameter = uniform(0, numParameters - 1);
                const int points = uniform(1, 3);
                for (int p = 0; p < points; ++p)
                    changes.push_back({parameter, uniform(0, std::max(0, block.numSamples - 1)),
                                       std::uniform_real_distribution<double>(0.0, 1.0)(rng)});
            }
            std::stable_sort(changes.begin() + block.firstChange, changes.end(),
                             [](const Change& x, const Change& y) { return x.offset < y.offset; });
        }
        block.numChanges = static_cast<int>(changes.size()) - block.firstChange;
        blocks.push_back(block);
    }
}

} // namespace faltung::test
