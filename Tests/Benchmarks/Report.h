// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

// The results of faltung-benchmark: one row per case and engine, printed as an
// aligned table and written as JSON.

#include "BenchmarkEngine.h"

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace faltung::bench
{

struct RowResult
{
    BenchCase benchCase;
    double irSeconds = 0.0;
    std::string engine;

    bool ran = false;    // prepared and processed without throwing
    bool checked = true; // output matched the reference and the latency was as reported
    std::string failure; // why not, when !ran or !checked

    int latencyReported = 0;
    int latencyMeasured = -1; // from an impulse; -1: no output found

    std::vector<double> realtimeFactors; // audio seconds per CPU second, one per repetition
    double realtimeFactor = 0.0;         // their median
    double medianBlockShare = 0.0;       // of one callback's period, over all timed blocks
    double p99BlockShare = 0.0;
    double maxBlockShare = 0.0;
    long blocksTimed = 0;

    std::vector<double> idleRealtimeFactors; // the same, fed silence after silence longer than the IR
    double idleRealtimeFactor = 0.0;
    bool idleAfterFullIr = true; // false: the silence before timing was cut short to save time

    double errorDb = 0.0;
    std::int64_t heapBytes = 0;
    double prepareSeconds = 0.0;
    std::string notes;

    // 100 % / realtimeFactor: the share of one core the engine needs at this rate.
    double coreShare() const { return realtimeFactor > 0.0 ? 100.0 / realtimeFactor : 0.0; }
    double idleCoreShare() const { return idleRealtimeFactor > 0.0 ? 100.0 / idleRealtimeFactor : 0.0; }
};

struct RunInfo
{
    std::string timestamp;
    std::string cpuModel;
    int logicalCpus = 0;
    std::string simdLevel;
    std::string buildType;
    std::string compiler;
    std::string fftwVersion;
    std::string commandLine;
    double sampleRate = 48000.0;
    int repetitions = 0;
    double cpuSecondsPerRepetition = 0.0;
    bool quick = false;
    std::string benchmarkThread;                              // the scheduling the callbacks ran with
    std::string pacing;                                       // back to back, or paced in real time
    std::vector<std::pair<std::string, std::string>> engines; // name, description
};

// The machine, the build and the command line, as every report's header states
// them; the rest is left for the caller.
RunInfo describeRun(int argc, char** argv);

const char* layoutName(Layout layout);
const char* latencyName(LatencyKind latency);

void printHeader(std::FILE* out, const RunInfo& info);
void printRow(std::FILE* out, const RowResult& row);

// Faltung's uniform engine against each peer, case by case, and the fastest engine.
void printSummary(std::FILE* out, const std::vector<RowResult>& rows);

// JSON values, for this file's writer and the multi-instance one.
std::string jsonString(const std::string& text);
std::string jsonNumber(double value); // null when not finite
std::string jsonNumbers(const std::vector<double>& values);

// Returns false (with a message on stderr) when the file cannot be written.
bool writeJson(const std::string& path, const RunInfo& info, const std::vector<RowResult>& rows);

} // namespace faltung::bench
