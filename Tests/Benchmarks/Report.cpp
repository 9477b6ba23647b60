// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "Report.h"

#include "Measurement.h"

#include "SimdKernels.h"

#include <fftw3.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <tuple>

namespace faltung::bench
{

RunInfo describeRun(int argc, char** argv)
{
    RunInfo info;
    info.timestamp = localTimestamp();
    info.cpuModel = cpuModelName();
    info.logicalCpus = logicalCpuCount();
    info.simdLevel = faltung::simd::featureLevel();
    info.buildType = FALTUNG_BUILD_TYPE;
#if defined(__clang__)
    info.compiler = "clang " __clang_version__;
#elif defined(__GNUC__)
    info.compiler = "gcc " __VERSION__;
#endif
    info.fftwVersion = fftwf_version;
    for (int i = 0; i < argc; ++i)
    {
        if (i > 0)
            info.commandLine += ' ';
        info.commandLine += argv[i];
    }
    return info;
}

const char* layoutName(Layout layout)
{
    switch (layout)
    {
        case Layout::mono:
            return "mono";
        case Layout::stereo:
            return "stereo";
        case Layout::trueStereo:
            return "true-stereo";
    }
    return "?";
}

const char* latencyName(LatencyKind latency)
{
    return latency == LatencyKind::zero ? "zero" : "block";
}

void printHeader(std::FILE* out, const RunInfo& info)
{
    std::fprintf(out, "faltung-benchmark, %s\n", info.timestamp.c_str());
    std::fprintf(out, "CPU: %s, %d logical CPUs; Faltung SIMD path: %s; %s build, %s; FFTW %s\n",
                 info.cpuModel.c_str(), info.logicalCpus, info.simdLevel.c_str(), info.buildType.c_str(),
                 info.compiler.c_str(), info.fftwVersion.c_str());
    std::fprintf(out, "%.0f Hz; %d repetitions of about %.2f CPU s each, round robin, medians; %s\n",
                 info.sampleRate, info.repetitions, info.cpuSecondsPerRepetition,
                 info.quick ? "quick run" : "full run");
    std::fprintf(out, "Callbacks %s; their thread %s\n", info.pacing.c_str(), info.benchmarkThread.c_str());
    for (const auto& [name, description] : info.engines)
        std::fprintf(out, "  %-13s %s\n", name.c_str(), description.c_str());
    static const char* const legend[] = {
        "mode: zero = no latency asked for; block = about one block (B) of latency (zita: the same in both)",
        "lat: latency in samples (! = an impulse showed otherwise)",
        "x realtime: audio seconds per CPU second of the whole process, all threads, median of repetitions",
        "core %: share of one core at this sample rate (100 / x realtime)",
        "med %, p99 %, max %: wall time of one callback as a share of its period, over all timed blocks "
        "(zita:",
        "  with sync, so including waits for its worker threads, which a real-time callback would not have)",
        "idle %: core share fed silence after silence longer than the IR (* = shorter, to save time)",
        "err dB: max error / output peak against a double-precision reference, latency-aligned",
        "heap MiB: heap in use after prepare minus before; prep ms: wall time to prepare the IR, FFTW",
        "  wisdom warm (juce: until its loader thread, which polls every 10 ms, has swapped the IR in)",
    };
    for (const char* line : legend)
        std::fprintf(out, "%s\n", line);
    std::fprintf(out, "\n");
    std::fprintf(out, "%-6s %-11s %-5s %5s  %-13s %6s %11s %8s %7s %7s %7s %8s %8s %9s %8s\n", "IR s",
                 "layout", "mode", "B", "engine", "lat", "x realtime", "core %", "med %", "p99 %", "max %",
                 "idle %", "err dB", "heap MiB", "prep ms");
    std::fflush(out);
}

void printRow(std::FILE* out, const RowResult& row)
{
    const auto& c = row.benchCase;
    std::fprintf(out, "%-6.2f %-11s %-5s %5d  %-13s ", row.irSeconds, layoutName(c.layout),
                 latencyName(c.latency), c.blockSize, row.engine.c_str());
    if (!row.ran)
    {
        std::fprintf(out, "FAILED: %s\n", row.failure.c_str());
        std::fflush(out);
        return;
    }
    const std::string latency =
        std::to_string(row.latencyReported) + (row.latencyMeasured != row.latencyReported ? "!" : "");
    char idle[32];
    std::snprintf(idle, sizeof idle, "%.2f%s", row.idleCoreShare(), row.idleAfterFullIr ? "" : "*");
    std::fprintf(out, "%6s %11.1f %8.2f %7.1f %7.1f %7.1f %8s %8.1f %9.2f %8.2f", latency.c_str(),
                 row.realtimeFactor, row.coreShare(), row.medianBlockShare, row.p99BlockShare,
                 row.maxBlockShare, idle, row.errorDb, static_cast<double>(row.heapBytes) / (1024.0 * 1024.0),
                 row.prepareSeconds * 1e3);
    if (!row.checked)
        std::fprintf(out, "  <- CHECK: %s", row.failure.c_str());
    std::fprintf(out, "\n");
    std::fflush(out);
}

void printSummary(std::FILE* out, const std::vector<RowResult>& rows)
{
    using Key = std::tuple<int, int, int, int>; // IR length, layout, mode, B
    std::map<Key, std::vector<const RowResult*>> cases;
    std::set<std::string> peers;
    for (const auto& row : rows)
    {
        if (!row.ran)
            continue;
        const auto& c = row.benchCase;
        cases[{c.irLength, static_cast<int>(c.layout), static_cast<int>(c.latency), c.blockSize}].push_back(
            &row);
        if (row.engine != "faltung")
            peers.insert(row.engine);
    }
    if (cases.empty())
        return;

    std::fprintf(out,
                 "\nSpeed of faltung divided by the speed of each engine (> 1: faltung is faster), and the "
                 "fastest engine:\n");
    std::fprintf(out, "%-6s %-11s %-5s %5s ", "IR s", "layout", "mode", "B");
    for (const auto& peer : peers)
        std::fprintf(out, " %13s", peer.c_str());
    std::fprintf(out, "  fastest\n");
    for (const auto& [key, caseRows] : cases)
    {
        const RowResult* faltung = nullptr;
        const RowResult* fastest = nullptr;
        for (const auto* row : caseRows)
        {
            if (row->engine == "faltung")
                faltung = row;
            if (fastest == nullptr || row->realtimeFactor > fastest->realtimeFactor)
                fastest = row;
        }
        const auto& c = caseRows.front()->benchCase;
        std::fprintf(out, "%-6.2f %-11s %-5s %5d ", caseRows.front()->irSeconds, layoutName(c.layout),
                     latencyName(c.latency), c.blockSize);
        for (const auto& peer : peers)
        {
            const auto it = std::find_if(caseRows.begin(), caseRows.end(),
                                         [&](const RowResult* r) { return r->engine == peer; });
            if (faltung == nullptr || it == caseRows.end() || (*it)->realtimeFactor <= 0.0)
                std::fprintf(out, " %13s", "-");
            else
                std::fprintf(out, " %13.2f", faltung->realtimeFactor / (*it)->realtimeFactor);
        }
        std::fprintf(out, "  %s\n", fastest->engine.c_str());
    }
    std::fflush(out);
}

std::string jsonString(const std::string& text)
{
    std::string quoted = "\"";
    for (const char ch : text)
    {
        switch (ch)
        {
            case '"':
                quoted += "\\\"";
                break;
            case '\\':
                quoted += "\\\\";
                break;
            case '\n':
                quoted += "\\n";
                break;
            case '\t':
                quoted += "\\t";
                break;
            default:
                if (static_cast<unsigned char>(ch) < 0x20)
                {
                    char escaped[8];
                    std::snprintf(escaped, sizeof escaped, "\\u%04x", ch);
                    quoted += escaped;
                }
                else
                    quoted += ch;
        }
    }
    return quoted + "\"";
}

std::string jsonNumber(double value)
{
    if (!std::isfinite(value))
        return "null";
    char text[32];
    std::snprintf(text, sizeof text, "%.6g", value);
    return text;
}

std::string jsonNumbers(const std::vector<double>& values)
{
    std::string text = "[";
    for (std::size_t i = 0; i < values.size(); ++i)
        text += (i > 0 ? ", " : "") + jsonNumber(values[i]);
    return text + "]";
}

bool writeJson(const std::string& path, const RunInfo& info, const std::vector<RowResult>& rows)
{
    std::ofstream file(path);
    if (!file)
    {
        std::fprintf(stderr, "faltung-benchmark: cannot write %s\n", path.c_str());
        return false;
    }
    file << "{\n";
    file << "  \"program\": \"faltung-benchmark\",\n";
    file << "  \"timestamp\": " << jsonString(info.timestamp) << ",\n";
    file << "  \"commandLine\": " << jsonString(info.commandLine) << ",\n";
    file << "  \"machine\": {\"cpuModel\": " << jsonString(info.cpuModel)
         << ", \"logicalCpus\": " << info.logicalCpus << ", \"faltungSimd\": " << jsonString(info.simdLevel)
         << "},\n";
    file << "  \"build\": {\"type\": " << jsonString(info.buildType)
         << ", \"compiler\": " << jsonString(info.compiler) << ", \"fftw\": " << jsonString(info.fftwVersion)
         << "},\n";
    file << "  \"settings\": {\"sampleRate\": " << jsonNumber(info.sampleRate)
         << ", \"repetitions\": " << info.repetitions
         << ", \"cpuSecondsPerRepetition\": " << jsonNumber(info.cpuSecondsPerRepetition)
         << ", \"quick\": " << (info.quick ? "true" : "false")
         << ", \"benchmarkThread\": " << jsonString(info.benchmarkThread)
         << ", \"pacing\": " << jsonString(info.pacing) << "},\n";
    file
        << "  \"units\": {\"realtimeFactor\": \"audio seconds per CPU second of the whole process, median of "
           "the repetitions\", \"coreShare\": \"percent of one core at this sample rate\", "
           "\"blockShare\": \"one callback's wall time in percent of its period, over all timed blocks\", "
           "\"errorDb\": \"max abs error relative to the output peak, latency-aligned\", "
           "\"heapBytes\": \"heap in use after prepare minus before (mallinfo2)\", "
           "\"prepareMs\": \"wall time from IR samples in memory to ready to process, FFTW wisdom warm\"},\n";
    file << "  \"engines\": {";
    for (std::size_t i = 0; i < info.engines.size(); ++i)
        file << (i > 0 ? ", " : "") << jsonString(info.engines[i].first) << ": "
             << jsonString(info.engines[i].second);
    file << "},\n";
    file << "  \"rows\": [";
    for (std::size_t i = 0; i < rows.size(); ++i)
    {
        const auto& row = rows[i];
        const auto& c = row.benchCase;
        file << (i > 0 ? ",\n" : "\n") << "    {";
        file << "\"engine\": " << jsonString(row.engine) << ", \"irSeconds\": " << jsonNumber(row.irSeconds)
             << ", \"irLength\": " << c.irLength << ", \"layout\": " << jsonString(layoutName(c.layout))
             << ", \"latencyMode\": " << jsonString(latencyName(c.latency))
             << ", \"blockSize\": " << c.blockSize << ", \"ran\": " << (row.ran ? "true" : "false")
             << ", \"checked\": " << (row.checked ? "true" : "false");
        if (!row.failure.empty())
            file << ", \"failure\": " << jsonString(row.failure);
        if (row.ran)
        {
            file << ", \"latencyReported\": " << row.latencyReported
                 << ", \"latencyMeasured\": " << row.latencyMeasured
                 << ", \"realtimeFactor\": " << jsonNumber(row.realtimeFactor)
                 << ", \"coreShare\": " << jsonNumber(row.coreShare())
                 << ", \"realtimeFactors\": " << jsonNumbers(row.realtimeFactors)
                 << ", \"medianBlockShare\": " << jsonNumber(row.medianBlockShare)
                 << ", \"p99BlockShare\": " << jsonNumber(row.p99BlockShare)
                 << ", \"maxBlockShare\": " << jsonNumber(row.maxBlockShare)
                 << ", \"blocksTimed\": " << row.blocksTimed
                 << ", \"idleRealtimeFactor\": " << jsonNumber(row.idleRealtimeFactor)
                 << ", \"idleCoreShare\": " << jsonNumber(row.idleCoreShare())
                 << ", \"idleRealtimeFactors\": " << jsonNumbers(row.idleRealtimeFactors)
                 << ", \"idleAfterFullIr\": " << (row.idleAfterFullIr ? "true" : "false")
                 << ", \"errorDb\": " << jsonNumber(row.errorDb) << ", \"heapBytes\": " << row.heapBytes
                 << ", \"prepareMs\": " << jsonNumber(row.prepareSeconds * 1e3);
        }
        if (!row.notes.empty())
            file << ", \"notes\": " << jsonString(row.notes);
        file << "}";
    }
    file << "\n  ]\n}\n";
    file.close();
    if (!file)
    {
        std::fprintf(stderr, "faltung-benchmark: error writing %s\n", path.c_str());
        return false;
    }
    return true;
}

} // namespace faltung::bench
