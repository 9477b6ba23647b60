// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

// Counts what one thread asks of the memory allocator and of pthread mutexes while
// it is watched. The program that links AllocationWatch.cpp replaces malloc, calloc,
// realloc, free, the aligned allocators, every operator new and delete, and
// pthread_mutex_lock/trylock (forwarding to glibc), and exports them, so that the
// plugin modules it dlopens call these too.
namespace faltung::test
{

struct WatchCounts
{
    std::uint64_t allocations = 0;   // malloc, calloc, realloc, the aligned forms, operator new (all)
    std::uint64_t deallocations = 0; // free, realloc to 0 and operator delete of a non-null pointer
    std::uint64_t bytesAllocated = 0;
    // Made by glibc's __tls_get_addr, not counted above: the first use of a dlopened
    // module's thread_local variables on a thread allocates that module's block for
    // the thread, once (glibc sets up dynamic TLS lazily).
    std::uint64_t threadStorageAllocations = 0;
    std::uint64_t mutexLocks = 0;    // pthread_mutex_lock (JUCE's CriticalSection, std::mutex)
    std::uint64_t mutexTryLocks = 0; // pthread_mutex_trylock

    std::uint64_t allocatorCalls() const { return allocations + deallocations; }
};

// Where the first allocator call of a watched section came from (thread storage set-up aside).
struct AllocatorCallSite
{
    static constexpr int kMaxFrames = 48;
    const char* function = nullptr; // "malloc", "operator new", ...
    std::size_t size = 0;
    int numFrames = 0;
    void* frames[kMaxFrames] = {};
};

// Call once before watching: glibc's first backtrace() loads libgcc_s, which allocates,
// and __tls_get_addr is looked up.
void prepareAllocationWatch();

// Counting starts for the calling thread only; other threads are never counted.
// Both are real-time safe.
void startWatching() noexcept;
WatchCounts stopWatching() noexcept;

// The first allocator call this thread made while watched, since the last reset.
bool firstWatchedAllocatorCall(AllocatorCallSite& into) noexcept;
void resetFirstWatchedAllocatorCall() noexcept;

// The call site's frames as module+offset, function and source line (addr2line). Not real-time.
std::string describeCallSite(const AllocatorCallSite& site);

} // namespace faltung::test
