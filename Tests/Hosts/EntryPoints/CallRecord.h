// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include "AllocationWatch.h"

#include <string>
#include <vector>

namespace faltung::test
{

// What every watched call of one entry point did, and where the first allocator
// call came from. add() runs on the audio thread between calls: it never
// allocates (the storage is reserved up front).
class CallRecord
{
public:
    explicit CallRecord(std::size_t maxCalls);

    void add(const WatchCounts& counts, int numSamples, bool withParameterChanges) noexcept;

    std::size_t numCalls() const { return calls_.size(); }
    std::size_t callsThatUsedTheAllocator() const;
    // glibc's lazy set-up of the module's thread-local storage (see WatchCounts).
    std::uint64_t threadStorageAllocations() const;
    // The report: calls, samples, allocator use (with the first call site) and locks per call.
    std::string summary(const std::string& entryPoint) const;

private:
    struct Call
    {
        WatchCounts counts;
        int numSamples;
        bool withParameterChanges;
    };
    std::vector<Call> calls_;
    bool haveSite_ = false;
    std::size_t siteCall_ = 0;
    AllocatorCallSite site_;
};

} // namespace faltung::test
