// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "Measurement.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <malloc.h>
#include <thread>

namespace faltung::bench
{

double processCpuSeconds() noexcept
{
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

std::int64_t heapBytesInUse() noexcept
{
    const struct mallinfo2 info = mallinfo2();
    return static_cast<std::int64_t>(info.uordblks + info.hblkhd);
}

double quantile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0.0;
    const auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(values.size())));
    const std::size_t index = std::min(values.size() - 1, rank > 0 ? rank - 1 : 0);
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(index), values.end());
    return values[index];
}

double median(std::vector<double> values)
{
    if (values.empty())
        return 0.0;
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    return n % 2 == 1 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

std::string cpuModelName()
{
    // The model name alone can be as vague as "AMD EPYC" under a hypervisor; the
    // family and model numbers tell the generations apart.
    std::ifstream cpuinfo("/proc/cpuinfo");
    std::string line, name, family, model;
    const auto valueOf = [&line]
    {
        const auto colon = line.find(':');
        const auto start =
            colon == std::string::npos ? std::string::npos : line.find_first_not_of(" \t", colon + 1);
        return start == std::string::npos ? std::string() : line.substr(start);
    };
    while (std::getline(cpuinfo, line) && !line.empty())
    {
        if (line.rfind("model name", 0) == 0)
            name = valueOf();
        else if (line.rfind("cpu family", 0) == 0)
            family = valueOf();
        else if (line.rfind("model", 0) == 0 && line.rfind("model name", 0) != 0)
            model = valueOf();
    }
    if (name.empty())
        return "unknown";
    if (!family.empty() && !model.empty())
        name += " (family " + family + ", model " + model + ")";
    return name;
}

int logicalCpuCount() noexcept
{
    return static_cast<int>(std::thread::hardware_concurrency());
}

int threadsInProcess()
{
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("Threads:", 0) == 0)
            return std::atoi(line.c_str() + 8);
    return -1;
}

std::string localTimestamp()
{
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    char text[64];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S%z", &local);
    return text;
}

} // namespace faltung::bench
