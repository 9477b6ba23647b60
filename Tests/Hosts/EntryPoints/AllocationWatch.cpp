// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// The replacements forward to glibc's allocator through the __libc_malloc family
// it exports. They must not allocate or lock themselves: the watch state is
// constinit thread_local in this executable (static TLS, never allocated lazily),
// and the only call that may come back into the allocator is backtrace(), which
// runs with counting switched off.
#include "AllocationWatch.h"

#include "RunCommand.h"

#include <atomic>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <dlfcn.h>
#include <execinfo.h>
#include <link.h>
#include <new>
#include <pthread.h>
#include <unistd.h>

extern "C"
{
    void* __libc_malloc(std::size_t size);
    void* __libc_calloc(std::size_t count, std::size_t size);
    void* __libc_realloc(void* p, std::size_t size);
    void __libc_free(void* p);
    void* __libc_memalign(std::size_t alignment, std::size_t size);
    void* __libc_valloc(std::size_t size);
    void* __libc_pvalloc(std::size_t size);
}

namespace
{
using faltung::test::AllocatorCallSite;
using faltung::test::WatchCounts;

struct ThreadWatch
{
    bool watching = false;
    bool capturing = false; // inside backtrace(): its own calls are not the watched code's
    bool haveFirst = false;
    WatchCounts counts;
    AllocatorCallSite first;
};
constinit thread_local ThreadWatch watch{};

bool counting() noexcept
{
    return watch.watching && !watch.capturing;
}

void capture(const char* function, std::size_t size) noexcept
{
    watch.capturing = true;
    watch.first.function = function;
    watch.first.size = size;
    watch.first.numFrames = backtrace(watch.first.frames, AllocatorCallSite::kMaxFrames);
    watch.haveFirst = true;
    watch.capturing = false;
}

// glibc's __tls_get_addr, whose allocations are the lazy set-up of a module's
// thread-local storage (see WatchCounts).
std::uintptr_t tlsGetAddrStart = 0, tlsGetAddrEnd = 0;

bool fromThreadStorageSetUp() noexcept
{
    if (tlsGetAddrStart == 0)
        return false;
    // malloc <- glibc's internal malloc and TLS helpers <- __tls_get_addr: a few frames up.
    void* frames[8];
    watch.capturing = true;
    const int n = backtrace(frames, 8);
    watch.capturing = false;
    for (int i = 1; i < n; ++i)
    {
        const auto at = reinterpret_cast<std::uintptr_t>(frames[i]);
        if (at > tlsGetAddrStart && at <= tlsGetAddrEnd)
            return true;
    }
    return false;
}

void noteAllocation(const char* function, std::size_t size) noexcept
{
    if (!counting())
        return;
    if (fromThreadStorageSetUp())
    {
        ++watch.counts.threadStorageAllocations;
        return;
    }
    ++watch.counts.allocations;
    watch.counts.bytesAllocated += size;
    if (!watch.haveFirst)
        capture(function, size);
}

void noteDeallocation(const char* function, const void* p) noexcept
{
    if (p == nullptr || !counting())
        return;
    ++watch.counts.deallocations;
    if (!watch.haveFirst)
        capture(function, 0);
}

// pthread has no __libc_ forms to forward to: the next definition is looked up
// once, before main (a function-local static would take a lock on first use).
using MutexFunction = int (*)(pthread_mutex_t*);
std::atomic<MutexFunction> nextMutexLock{nullptr};
std::atomic<MutexFunction> nextMutexTryLock{nullptr};

MutexFunction resolve(std::atomic<MutexFunction>& slot, const char* name) noexcept
{
    auto f = slot.load(std::memory_order_acquire);
    if (f == nullptr)
    {
        f = reinterpret_cast<MutexFunction>(dlsym(RTLD_NEXT, name));
        slot.store(f, std::memory_order_release);
    }
    return f;
}

[[gnu::constructor(101)]] void resolveMutexFunctions()
{
    resolve(nextMutexLock, "pthread_mutex_lock");
    resolve(nextMutexTryLock, "pthread_mutex_trylock");
}

void* checkedNew(const char* function, std::size_t size, std::size_t alignment)
{
    noteAllocation(function, size);
    for (;;)
    {
        const std::size_t n = size == 0 ? 1 : size;
        if (void* p = alignment == 0 ? __libc_malloc(n) : __libc_memalign(alignment, n))
            return p;
        const auto handler = std::get_new_handler();
        if (handler == nullptr)
            throw std::bad_alloc();
        handler();
    }
}

void* nothrowNew(const char* function, std::size_t size, std::size_t alignment) noexcept
{
    try
    {
        return checkedNew(function, size, alignment);
    }
    catch (...)
    {
        return nullptr;
    }
}

void checkedDelete(const char* function, void* p) noexcept
{
    noteDeallocation(function, p);
    __libc_free(p);
}

bool isPowerOfTwo(std::size_t n)
{
    return n != 0 && (n & (n - 1)) == 0;
}
} // namespace

// The C allocator.
extern "C"
{
    void* malloc(std::size_t size) noexcept
    {
        noteAllocation("malloc", size);
        return __libc_malloc(size);
    }

    void* calloc(std::size_t count, std::size_t size) noexcept
    {
        noteAllocation("calloc", count * size);
        return __libc_calloc(count, size);
    }

    void* realloc(void* p, std::size_t size) noexcept
    {
        if (p != nullptr && size == 0)
            noteDeallocation("realloc", p);
        else
            noteAllocation("realloc", size); // a resize may move the block: an allocation too
        return __libc_realloc(p, size);
    }

    void* reallocarray(void* p, std::size_t count, std::size_t size) noexcept
    {
        std::size_t bytes = 0;
        if (__builtin_mul_overflow(count, size, &bytes))
        {
            errno = ENOMEM;
            return nullptr;
        }
        return realloc(p, bytes);
    }

    void free(void* p) noexcept
    {
        noteDeallocation("free", p);
        __libc_free(p);
    }

    void* memalign(std::size_t alignment, std::size_t size) noexcept
    {
        noteAllocation("memalign", size);
        return __libc_memalign(alignment, size);
    }

    void* aligned_alloc(std::size_t alignment, std::size_t size) noexcept
    {
        noteAllocation("aligned_alloc", size);
        if (!isPowerOfTwo(alignment))
        {
            errno = EINVAL;
            return nullptr;
        }
        return __libc_memalign(alignment, size);
    }

    int posix_memalign(void** into, std::size_t alignment, std::size_t size) noexcept
    {
        noteAllocation("posix_memalign", size);
        if (!isPowerOfTwo(alignment) || alignment % sizeof(void*) != 0)
            return EINVAL;
        void* p = __libc_memalign(alignment, size);
        if (p == nullptr)
            return ENOMEM;
        *into = p;
        return 0;
    }

    void* valloc(std::size_t size) noexcept
    {
        noteAllocation("valloc", size);
        return __libc_valloc(size);
    }

    void* pvalloc(std::size_t size) noexcept
    {
        noteAllocation("pvalloc", size);
        return __libc_pvalloc(size);
    }

    int pthread_mutex_lock(pthread_mutex_t* mutex) noexcept
    {
        if (counting())
            ++watch.counts.mutexLocks;
        return resolve(nextMutexLock, "pthread_mutex_lock")(mutex);
    }

    int pthread_mutex_trylock(pthread_mutex_t* mutex) noexcept
    {
        if (counting())
            ++watch.counts.mutexTryLocks;
        return resolve(nextMutexTryLock, "pthread_mutex_trylock")(mutex);
    }
} // extern "C"

// Every form of operator new and delete: a library linked against libstdc++
// dynamically calls these directly, not malloc.
void* operator new(std::size_t size)
{
    return checkedNew("operator new", size, 0);
}
void* operator new[](std::size_t size)
{
    return checkedNew("operator new[]", size, 0);
}
void* operator new(std::size_t size, std::align_val_t a)
{
    return checkedNew("operator new", size, static_cast<std::size_t>(a));
}
void* operator new[](std::size_t size, std::align_val_t a)
{
    return checkedNew("operator new[]", size, static_cast<std::size_t>(a));
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept
{
    return nothrowNew("operator new", size, 0);
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept
{
    return nothrowNew("operator new[]", size, 0);
}
void* operator new(std::size_t size, std::align_val_t a, const std::nothrow_t&) noexcept
{
    return nothrowNew("operator new", size, static_cast<std::size_t>(a));
}
void* operator new[](std::size_t size, std::align_val_t a, const std::nothrow_t&) noexcept
{
    return nothrowNew("operator new[]", size, static_cast<std::size_t>(a));
}

void operator delete(void* p) noexcept
{
    checkedDelete("operator delete", p);
}
void operator delete[](void* p) noexcept
{
    checkedDelete("operator delete[]", p);
}
void operator delete(void* p, std::size_t) noexcept
{
    checkedDelete("operator delete", p);
}
void operator delete[](void* p, std::size_t) noexcept
{
    checkedDelete("operator delete[]", p);
}
void operator delete(void* p, std::align_val_t) noexcept
{
    checkedDelete("operator delete", p);
}
void operator delete[](void* p, std::align_val_t) noexcept
{
    checkedDelete("operator delete[]", p);
}
void operator delete(void* p, std::size_t, std::align_val_t) noexcept
{
    checkedDelete("operator delete", p);
}
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept
{
    checkedDelete("operator delete[]", p);
}
void operator delete(void* p, const std::nothrow_t&) noexcept
{
    checkedDelete("operator delete", p);
}
void operator delete[](void* p, const std::nothrow_t&) noexcept
{
    checkedDelete("operator delete[]", p);
}
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept
{
    checkedDelete("operator delete", p);
}
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept
{
    checkedDelete("operator delete[]", p);
}

namespace faltung::test
{

void prepareAllocationWatch()
{
    resolveMutexFunctions();
    void* frames[4];
    backtrace(frames, 4);

    Dl_info info{};
    void* entry = nullptr;
    if (void* f = dlsym(RTLD_DEFAULT, "__tls_get_addr");
        f != nullptr && dladdr1(f, &info, &entry, RTLD_DL_SYMENT) != 0 && entry != nullptr)
    {
        const auto* symbol = static_cast<const ElfW(Sym)*>(entry);
        // Return addresses point after a call: (start, end] holds the calls inside it.
        tlsGetAddrStart = reinterpret_cast<std::uintptr_t>(f);
        tlsGetAddrEnd = tlsGetAddrStart + symbol->st_size;
    }
}

void startWatching() noexcept
{
    watch.counts = {};
    watch.watching = true;
}

WatchCounts stopWatching() noexcept
{
    watch.watching = false;
    return watch.counts;
}

bool firstWatchedAllocatorCall(AllocatorCallSite& into) noexcept
{
    if (watch.haveFirst)
        into = watch.first;
    return watch.haveFirst;
}

void resetFirstWatchedAllocatorCall() noexcept
{
    watch.haveFirst = false;
}

std::string describeCallSite(const AllocatorCallSite& site)
{
    std::string text = std::string(site.function ? site.function : "?") + "(" + std::to_string(site.size) +
                       " bytes), called from:\n";
    for (int i = 0; i < site.numFrames; ++i)
    {
        // A return address points after its call: look up the call itself.
        const auto* address = static_cast<const char*>(site.frames[i]) - (i > 0 ? 1 : 0);
        Dl_info info{};
        if (dladdr(address, &info) == 0 || info.dli_fname == nullptr)
        {
            text += "  #" + std::to_string(i) + " ?\n";
            continue;
        }
        std::string module = info.dli_fname;
        if (module.empty()) // the executable itself
        {
            char self[PATH_MAX] = {};
            if (readlink("/proc/self/exe", self, sizeof self - 1) > 0)
                module = self;
        }
        char offset[32];
        std::snprintf(offset, sizeof offset, "0x%zx",
                      static_cast<std::size_t>(address - static_cast<const char*>(info.dli_fbase)));
        const auto where = runCommand("addr2line", {"-C", "-f", "-i", "-p", "-e", module, offset});
        std::string line =
            where.exitCode == 0 ? where.standardOutput : std::string(info.dli_sname ? info.dli_sname : "?");
        while (!line.empty() && line.back() == '\n')
            line.pop_back();
        for (auto at = line.find('\n'); at != std::string::npos; at = line.find('\n', at + 1))
            line.insert(at + 1, "      "); // inlined frames under their caller
        const auto slash = module.find_last_of('/');
        text += "  #" + std::to_string(i) + " " + module.substr(slash == std::string::npos ? 0 : slash + 1) +
                "+" + offset + "  " + line + "\n";
    }
    return text;
}

} // namespace faltung::test
