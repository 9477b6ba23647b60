// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

// Clocks, the heap and the machine, as faltung-benchmark measures them.

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace faltung::bench
{

// CPU time of the whole process, all threads: engines with worker threads
// (zita-convolver) are charged for everything they do.
double processCpuSeconds() noexcept;

// Heap bytes in use (glibc's mallinfo2: small blocks in every arena plus mmapped
// blocks). The same count for every engine, whatever allocator calls it makes.
std::int64_t heapBytesInUse() noexcept;

using WallClock = std::chrono::steady_clock;

inline double secondsBetween(WallClock::time_point a, WallClock::time_point b) noexcept
{
    return std::chrono::duration<double>(b - a).count();
}

// The p-quantile (0 to 1) of values, nearest rank; 0 for none.
double quantile(std::vector<double> values, double p);

double median(std::vector<double> values);

// "AMD EPYC 9R14 96-Core Processor" from /proc/cpuinfo, or "unknown".
std::string cpuModelName();

int logicalCpuCount() noexcept;

// Threads alive in this process ("Threads:" in /proc/self/status), or -1. Reads a
// file: never from an audio thread.
int threadsInProcess();

// Local time as ISO 8601, for the report.
std::string localTimestamp();

} // namespace faltung::bench
