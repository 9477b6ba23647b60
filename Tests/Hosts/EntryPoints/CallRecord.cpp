// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "CallRecord.h"

#include <algorithm>
#include <map>
#include <sstream>

namespace faltung::test
{

namespace
{
// "1 lock in 2900 calls, 3 locks in 100 calls"
std::string histogram(const std::map<std::uint64_t, std::size_t>& counts, const char* what)
{
    if (counts.empty())
        return "no calls";
    std::ostringstream s;
    for (auto it = counts.begin(); it != counts.end(); ++it)
        s << (it == counts.begin() ? "" : ", ") << it->first << " " << what << (it->first == 1 ? "" : "s")
          << " in " << it->second << " call" << (it->second == 1 ? "" : "s");
    return s.str();
}
} // namespace

CallRecord::CallRecord(std::size_t maxCalls)
{
    calls_.reserve(maxCalls);
}

void CallRecord::add(const WatchCounts& counts, int numSamples, bool withParameterChanges) noexcept
{
    if (calls_.size() == calls_.capacity())
        return; // never reached: the test sizes the record for its workload
    if (counts.allocatorCalls() > 0 && !haveSite_ && firstWatchedAllocatorCall(site_))
    {
        haveSite_ = true;
        siteCall_ = calls_.size();
    }
    calls_.push_back({counts, numSamples, withParameterChanges});
}

std::size_t CallRecord::callsThatUsedTheAllocator() const
{
    return static_cast<std::size_t>(std::count_if(
        calls_.begin(), calls_.end(), [](const Call& c) { return c.counts.allocatorCalls() > 0; }));
}

std::uint64_t CallRecord::threadStorageAllocations() const
{
    std::uint64_t n = 0;
    for (const auto& c : calls_)
        n += c.counts.threadStorageAllocations;
    return n;
}

std::string CallRecord::summary(const std::string& entryPoint) const
{
    std::uint64_t samples = 0, allocations = 0, deallocations = 0, bytes = 0;
    int smallest = 0, largest = 0;
    std::size_t withChanges = 0, flushes = 0;
    std::map<std::uint64_t, std::size_t> locks, locksWithChanges, tryLocks, allocatorCalls;
    for (const auto& c : calls_)
    {
        samples += static_cast<std::uint64_t>(c.numSamples);
        if (c.numSamples > 0)
        {
            smallest = smallest == 0 ? c.numSamples : std::min(smallest, c.numSamples);
            largest = std::max(largest, c.numSamples);
        }
        else
            ++flushes;
        withChanges += c.withParameterChanges ? 1 : 0;
        allocations += c.counts.allocations;
        deallocations += c.counts.deallocations;
        bytes += c.counts.bytesAllocated;
        ++(c.withParameterChanges ? locksWithChanges : locks)[c.counts.mutexLocks];
        ++tryLocks[c.counts.mutexTryLocks];
        ++allocatorCalls[c.counts.allocatorCalls()];
    }

    std::ostringstream s;
    s << entryPoint << ": " << calls_.size() << " calls checked (" << smallest << " to " << largest
      << " samples, " << samples << " samples in all; " << withChanges << " with parameter changes";
    if (flushes > 0)
        s << ", " << flushes << " of them parameter-only calls without audio";
    s << ")\n";
    const auto allocating = callsThatUsedTheAllocator();
    if (allocating == 0)
        s << "  allocator: not called\n";
    else
    {
        s << "  allocator: called in " << allocating << " of " << calls_.size() << " calls, " << allocations
          << " allocations (" << bytes << " bytes) and " << deallocations
          << " deallocations in all; per call: " << histogram(allocatorCalls, "allocator call") << "\n";
        if (haveSite_)
        {
            const auto& first = calls_[siteCall_];
            s << "  the first, in call " << siteCall_ << " (" << first.numSamples
              << " samples): " << describeCallSite(site_);
        }
    }
    for (std::size_t i = 0; i < calls_.size(); ++i)
        if (calls_[i].counts.threadStorageAllocations > 0)
            s << "  thread-local storage: " << calls_[i].counts.threadStorageAllocations
              << " allocation(s) by glibc's __tls_get_addr in call " << i << " (" << calls_[i].numSamples
              << " samples): the first use of a module's thread_local variables on this thread\n";
    s << "  pthread_mutex_lock per call without parameter changes: " << histogram(locks, "lock") << "\n";
    s << "  pthread_mutex_lock per call with parameter changes: " << histogram(locksWithChanges, "lock")
      << "\n";
    s << "  pthread_mutex_trylock per call: " << histogram(tryLocks, "try-lock") << "\n";
    return s.str();
}

} // namespace faltung::test
