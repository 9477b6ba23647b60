// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "MultiInstanceReport.h"

#include <fstream>

namespace faltung::bench
{

namespace
{
const char* missRuleText(MissRule rule)
{
    return rule == MissRule::everyLatePeriod
               ? "every late period (late wake-ups included) and the engines' own misses (--misses all)"
               : "overloaded periods and the engines' own misses, not the machine's late wake-ups "
                 "(--misses engines)";
}
} // namespace

void printMultiInstanceHeader(std::FILE* out, const MultiInstanceInfo& info)
{
    const auto& run = info.run;
    std::fprintf(out, "faltung-benchmark %s, %s\n",
                 info.search ? "--max-instances (the most instances with no deadline miss)"
                             : "--instances (many instances on one audio thread)",
                 run.timestamp.c_str());
    std::fprintf(out, "CPU: %s, %d logical CPUs; Faltung SIMD path: %s; %s build, %s; FFTW %s\n",
                 run.cpuModel.c_str(), run.logicalCpus, run.simdLevel.c_str(), run.buildType.c_str(),
                 run.compiler.c_str(), run.fftwVersion.c_str());
    std::fprintf(
        out,
        "%.0f Hz; every instance: stereo %g s IR (the seeded synthetic room), zero latency, live (no "
        "waiting for workers), its own seeded noise\n",
        run.sampleRate, info.irSeconds);
    std::fprintf(out, "%g s of audio timed per case, after %g s of warm-up%s\n", info.instanceSeconds,
                 info.warmUpSeconds,
                 info.search ? "; a case stops at its first miss; N doubles, then bisects to within 1/16"
                             : "");
    if (info.search)
        std::fprintf(out, "Misses that stop a case: %s\n", missRuleText(info.missRule));
    std::fprintf(out,
                 "Audio thread: %s; woken every period (B samples) on an absolute clock (clock_nanosleep, "
                 "TIMER_ABSTIME, CLOCK_MONOTONIC), calls process() of every instance in turn\n",
                 run.benchmarkThread.c_str());
    for (const auto& [name, description] : run.engines)
        std::fprintf(out, "  %-13s %s\n", name.c_str(), description.c_str());
    static const char* const legend[] = {
        "N: instances; thr+: threads the process gained with them (the most alive when prepared or while",
        "  running, less those alive before; the benchmark's own audio thread left out)",
        "CPU s: CPU time of the whole process, all threads, over the timed periods",
        "core %: that as a share of one core at this sample rate; /inst %: the same per instance",
        "med %, p99 %, max %: wall time of the audio thread's work in one period (every instance's",
        "  process()) as a share of the period",
        "wake ms: the audio thread's latest wake-up after a period began (the machine's, not the engines')",
        "late: periods whose work ended after the next period began, late wake-ups included (+N: periods",
        "  lost wholly meanwhile)",
        "ovl: overloaded periods, whose work took more CPU time on the audio thread than the period (the",
        "  engines' doing: a late wake-up or a preempted virtual CPU does not count)",
        "eng: deadline misses the engines counted (faltung: later-stage blocks a worker had not finished",
        "  in time, left out; zita: process() calls that reported a late level, whose output was used late)",
        "misses: late + eng",
    };
    for (const char* line : legend)
        std::fprintf(out, "%s\n", line);
    std::fprintf(out, "\n%-13s %5s %5s %5s %8s %8s %8s %7s %7s %7s %8s %10s %5s %7s %7s\n", "engine", "B",
                 "N", "thr+", "CPU s", "core %", "/inst %", "med %", "p99 %", "max %", "wake ms", "late",
                 "ovl", "eng", "misses");
    std::fflush(out);
}

void printMultiInstanceRow(std::FILE* out, const MultiInstanceRow& row)
{
    std::fprintf(out, "%-13s %5d %5d ", row.engine.c_str(), row.blockSize, row.instances);
    if (!row.ran)
    {
        std::fprintf(out, "FAILED: %s\n", row.failure.c_str());
        std::fflush(out);
        return;
    }
    char late[32];
    if (row.skippedPeriods > 0)
        std::snprintf(late, sizeof late, "%ld+%ld", row.latePeriods, row.skippedPeriods);
    else
        std::snprintf(late, sizeof late, "%ld", row.latePeriods);
    std::fprintf(out, "%5d %8.2f %8.1f %8.3f %7.1f %7.1f %7.1f %8.2f %10s %5ld %7ld %7ld",
                 row.threadsGained(), row.cpuSeconds, row.coreShare(), row.coreSharePerInstance(),
                 row.medianPeriodShare, row.p99PeriodShare, row.maxPeriodShare, row.worstWakeUpMs, late,
                 row.overloadedPeriods, row.engineMisses, row.deadlineMisses());
    if (row.stoppedEarly)
        std::fprintf(out, "  (stopped at the first miss, after %.2f s)", row.audioSeconds);
    std::fprintf(out, "\n");
    std::fflush(out);
}

void printMaxInstances(std::FILE* out, const std::vector<MaxInstancesResult>& results)
{
    if (results.empty())
        return;
    std::fprintf(
        out, "\nThe most instances that ran with no deadline miss (first miss: the fewest that missed):\n");
    std::fprintf(out, "%-13s %5s %8s %10s %8s  %s\n", "engine", "B", "max N", "first miss", "search s",
                 "N tried, in order");
    for (const auto& result : results)
    {
        std::string tried;
        for (const int n : result.tried)
        {
            if (!tried.empty())
                tried += ' ';
            tried += std::to_string(n);
        }
        char most[32];
        std::snprintf(most, sizeof most, "%s%d", result.atLimit ? ">=" : "", result.maxInstances);
        std::fprintf(out, "%-13s %5d %8s %10d %8.0f  %s\n", result.engine.c_str(), result.blockSize, most,
                     result.firstMiss, result.wallSeconds, tried.c_str());
    }
    std::fflush(out);
}

bool writeMultiInstanceJson(const std::string& path, const MultiInstanceInfo& info,
                            const std::vector<MultiInstanceRow>& rows,
                            const std::vector<MaxInstancesResult>& results)
{
    std::ofstream file(path);
    if (!file)
    {
        std::fprintf(stderr, "faltung-benchmark: cannot write %s\n", path.c_str());
        return false;
    }
    const auto& run = info.run;
    file << "{\n";
    file << "  \"program\": \"faltung-benchmark\",\n";
    file << "  \"mode\": " << jsonString(info.search ? "max-instances" : "instances") << ",\n";
    file << "  \"timestamp\": " << jsonString(run.timestamp) << ",\n";
    file << "  \"commandLine\": " << jsonString(run.commandLine) << ",\n";
    file << "  \"machine\": {\"cpuModel\": " << jsonString(run.cpuModel)
         << ", \"logicalCpus\": " << run.logicalCpus << ", \"faltungSimd\": " << jsonString(run.simdLevel)
         << "},\n";
    file << "  \"build\": {\"type\": " << jsonString(run.buildType)
         << ", \"compiler\": " << jsonString(run.compiler) << ", \"fftw\": " << jsonString(run.fftwVersion)
         << "},\n";
    file << "  \"settings\": {\"sampleRate\": " << jsonNumber(run.sampleRate)
         << ", \"irSeconds\": " << jsonNumber(info.irSeconds)
         << ", \"layout\": \"stereo\", \"latencyMode\": \"zero\", \"live\": true"
         << ", \"instanceSeconds\": " << jsonNumber(info.instanceSeconds)
         << ", \"warmUpSeconds\": " << jsonNumber(info.warmUpSeconds)
         << ", \"audioThread\": " << jsonString(run.benchmarkThread)
         << ", \"pacing\": \"one audio thread woken every period by clock_nanosleep(CLOCK_MONOTONIC, "
            "TIMER_ABSTIME)\"";
    if (info.search)
        file << ", \"instanceLimit\": " << info.instanceLimit << ", \"misses\": "
             << jsonString(info.missRule == MissRule::everyLatePeriod ? "all" : "engines");
    file << "},\n";
    file
        << "  \"units\": {\"cpuSeconds\": \"CPU time of the whole process, all threads, over the timed "
           "periods\", \"coreShare\": \"cpuSeconds / audioSeconds in percent of one core\", "
           "\"coreSharePerInstance\": \"coreShare / instances\", "
           "\"threadsGained\": \"max(threadsPrepared, threadsRunning) - threadsBefore; threadsRunning leaves "
           "out the benchmark's audio thread\", "
           "\"periodShare\": \"wall time of the audio thread's work in one period, percent of the period\", "
           "\"latePeriods\": \"work ended after the next period began (late wake-ups included)\", "
           "\"overrunPeriods\": \"of latePeriods, those whose work alone took longer than the period\", "
           "\"worstWakeUpMs\": \"the audio thread's latest wake-up after a period began\", "
           "\"skippedPeriods\": \"periods lost wholly while the audio thread was late\", "
           "\"overloadedPeriods\": \"periods whose work took more CPU time on the audio thread than the "
           "period\", \"worstCpuPeriodShare\": \"the most CPU time of one period's work on the audio thread, "
           "percent of the period\", "
           "\"engineMisses\": \"deadline misses the engines counted\", "
           "\"deadlineMisses\": \"latePeriods + engineMisses\"},\n";
    file << "  \"engines\": {";
    for (std::size_t i = 0; i < run.engines.size(); ++i)
        file << (i > 0 ? ", " : "") << jsonString(run.engines[i].first) << ": "
             << jsonString(run.engines[i].second);
    file << "},\n";
    file << "  \"rows\": [";
    for (std::size_t i = 0; i < rows.size(); ++i)
    {
        const auto& row = rows[i];
        file << (i > 0 ? ",\n" : "\n") << "    {";
        file << "\"engine\": " << jsonString(row.engine) << ", \"blockSize\": " << row.blockSize
             << ", \"instances\": " << row.instances << ", \"search\": " << (row.search ? "true" : "false")
             << ", \"ran\": " << (row.ran ? "true" : "false");
        if (!row.failure.empty())
            file << ", \"failure\": " << jsonString(row.failure);
        if (row.ran)
        {
            file << ", \"audioThread\": " << jsonString(row.audioThread)
                 << ", \"audioSeconds\": " << jsonNumber(row.audioSeconds)
                 << ", \"stoppedEarly\": " << (row.stoppedEarly ? "true" : "false")
                 << ", \"cpuSeconds\": " << jsonNumber(row.cpuSeconds)
                 << ", \"coreShare\": " << jsonNumber(row.coreShare())
                 << ", \"coreSharePerInstance\": " << jsonNumber(row.coreSharePerInstance())
                 << ", \"threadsBefore\": " << row.threadsBefore
                 << ", \"threadsPrepared\": " << row.threadsPrepared
                 << ", \"threadsRunning\": " << row.threadsRunning
                 << ", \"threadsGained\": " << row.threadsGained() << ", \"periods\": " << row.periods
                 << ", \"latePeriods\": " << row.latePeriods << ", \"overrunPeriods\": " << row.overrunPeriods
                 << ", \"skippedPeriods\": " << row.skippedPeriods
                 << ", \"overloadedPeriods\": " << row.overloadedPeriods
                 << ", \"worstCpuPeriodShare\": " << jsonNumber(row.worstCpuPeriodShare)
                 << ", \"engineMisses\": " << row.engineMisses
                 << ", \"deadlineMisses\": " << row.deadlineMisses()
                 << ", \"medianPeriodShare\": " << jsonNumber(row.medianPeriodShare)
                 << ", \"p99PeriodShare\": " << jsonNumber(row.p99PeriodShare)
                 << ", \"maxPeriodShare\": " << jsonNumber(row.maxPeriodShare)
                 << ", \"worstWakeUpMs\": " << jsonNumber(row.worstWakeUpMs)
                 << ", \"prepareSeconds\": " << jsonNumber(row.prepareSeconds);
        }
        if (!row.notes.empty())
            file << ", \"notes\": " << jsonString(row.notes);
        file << "}";
    }
    file << "\n  ]";
    if (info.search)
    {
        file << ",\n  \"maxInstances\": [";
        for (std::size_t i = 0; i < results.size(); ++i)
        {
            const auto& result = results[i];
            std::vector<double> tried(result.tried.begin(), result.tried.end());
            file << (i > 0 ? ",\n" : "\n") << "    {\"engine\": " << jsonString(result.engine)
                 << ", \"blockSize\": " << result.blockSize << ", \"maxInstances\": " << result.maxInstances
                 << ", \"firstMiss\": " << result.firstMiss
                 << ", \"atLimit\": " << (result.atLimit ? "true" : "false")
                 << ", \"tried\": " << jsonNumbers(tried)
                 << ", \"wallSeconds\": " << jsonNumber(result.wallSeconds) << "}";
        }
        file << "\n  ]";
    }
    file << "\n}\n";
    file.close();
    if (!file)
    {
        std::fprintf(stderr, "faltung-benchmark: error writing %s\n", path.c_str());
        return false;
    }
    return true;
}

} // namespace faltung::bench
