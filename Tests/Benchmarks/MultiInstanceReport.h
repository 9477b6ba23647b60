// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

// The results of faltung-benchmark --instances and --max-instances: one row per
// engine, block size and number of instances, printed as an aligned table and
// written as JSON; and, for the search, the most instances each engine ran
// without a miss.

#include "AudioThread.h"
#include "Report.h"

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

namespace faltung::bench
{

struct MultiInstanceRow
{
    std::string engine;
    int blockSize = 0;
    int instances = 0;
    bool search = false; // a step of --max-instances

    bool ran = false;    // every instance prepared and processed without throwing
    std::string failure; // why not

    std::string audioThread; // how the audio thread was scheduled
    double audioSeconds = 0.0;
    double cpuSeconds = 0.0; // of the whole process, all threads, over the timed periods
    bool stoppedEarly = false;

    int threadsBefore = 0;   // before the instances were created
    int threadsPrepared = 0; // when every instance was prepared
    int threadsRunning = 0;  // most seen during the run, the benchmark's audio thread left out

    long periods = 0;           // timed periods that ran
    long latePeriods = 0;       // whose work ended after the next period began
    long overrunPeriods = 0;    // of those, whose work alone took longer than the period (not a late wake-up)
    long skippedPeriods = 0;    // that passed wholly while the audio thread was late
    long overloadedPeriods = 0; // whose work took more of the audio thread's CPU time than the period
    double worstCpuPeriodShare = 0.0; // the most CPU time of one period's work, percent of the period
    long engineMisses = 0;            // as the engines count them (late worker blocks left out or used late)
    double medianPeriodShare = 0.0;   // of the period, the audio thread's work per period
    double p99PeriodShare = 0.0;
    double maxPeriodShare = 0.0;
    double worstWakeUpMs = 0.0;

    double prepareSeconds = 0.0; // all instances, wall time
    std::string notes;           // the first instance's

    long deadlineMisses() const { return latePeriods + engineMisses; }
    int threadsGained() const { return std::max(threadsPrepared, threadsRunning) - threadsBefore; }
    double coreShare() const { return audioSeconds > 0.0 ? 100.0 * cpuSeconds / audioSeconds : 0.0; }
    double coreSharePerInstance() const { return instances > 0 ? coreShare() / instances : 0.0; }
};

// What --max-instances found for one engine and block size.
struct MaxInstancesResult
{
    std::string engine;
    int blockSize = 0;
    int maxInstances = 0;   // the most that ran with no deadline miss; 0: not even one
    int firstMiss = 0;      // the fewest that missed (0: none did); the answer lies below it
    bool atLimit = false;   // the search stopped at its limit of instances, not at a miss
    std::vector<int> tried; // in order
    double wallSeconds = 0.0;
};

struct MultiInstanceInfo
{
    RunInfo run; // machine, build, command line, engines, audio thread scheduling (benchmarkThread)
    bool search = false;
    MissRule missRule = MissRule::everyLatePeriod;
    double irSeconds = 3.0;
    double instanceSeconds = 0.0; // timed audio per case
    double warmUpSeconds = 0.0;   // not counted
    int instanceLimit = 0;        // the search's
};

void printMultiInstanceHeader(std::FILE* out, const MultiInstanceInfo& info);
void printMultiInstanceRow(std::FILE* out, const MultiInstanceRow& row);
void printMaxInstances(std::FILE* out, const std::vector<MaxInstancesResult>& results);

// Returns false (with a message on stderr) when the file cannot be written.
bool writeMultiInstanceJson(const std::string& path, const MultiInstanceInfo& info,
                            const std::vector<MultiInstanceRow>& rows,
                            const std::vector<MaxInstancesResult>& results);

} // namespace faltung::bench
