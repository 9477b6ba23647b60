// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

// faltung-benchmark --instances and --max-instances: what a DAW does with many
// reverbs. N instances of an engine in one process, each on the stereo 3 s room
// (the seeded synthetic IR of the single-instance cases) and its own seeded noise,
// all called in turn by one audio thread that wakes every period of B samples
// (AudioThread.h), for a number of seconds in real time. The engines run live
// (BenchCase::live): Faltung's multi-stage engine leaves a late stage block out,
// zita-convolver does not wait for its late levels; both count those misses.
//
// --instances measures given N; --max-instances finds, per engine and B, the
// largest N that runs the whole time with no deadline miss (doubling N from 1, or
// from --search-from, then bisecting to within 1/16 of N). --misses engines counts
// only the misses the engines cause (their own, and periods whose work took more
// of the audio thread's CPU time than the period), not the machine's late
// wake-ups: a virtual machine can wake a thread tens of milliseconds late at any N.

#include "AudioThread.h"
#include "BenchmarkEngine.h"
#include "Report.h"

#include <string>
#include <vector>

namespace faltung::bench
{

struct MultiInstanceOptions
{
    std::vector<int> instanceCounts{1, 4, 16, 64}; // --instances
    std::vector<int> blockSizes{64, 128, 256};
    bool searchMaxInstances = false;               // --max-instances
    int searchFrom = 1;                            // --search-from: the N the doubling starts at
    MissRule missRule = MissRule::everyLatePeriod; // --misses: what stops a step of the search
    double seconds = 10.0;                         // audio timed per case (per step of the search)
    double warmUpSeconds = 1.0;                    // run before, not counted
    std::string jsonPath;
    bool writeJson = true;
};

// The most instances a search tries: the IR alone takes about 6 MB per instance.
inline constexpr int kMaxInstanceCount = 1024;

// Prints the table, writes the JSON; returns the exit status: 1 when an engine
// failed to prepare or the JSON could not be written, 0 otherwise (never for speed).
int runMultiInstanceBenchmark(const MultiInstanceOptions& options,
                              const std::vector<const EngineKind*>& kinds, RunInfo info);

} // namespace faltung::bench
