// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// A module the watch's self-test dlopens, built as a plugin is (a shared library
// with hidden symbols, linked against libc and libstdc++ dynamically), that calls
// every allocator form and a mutex. The asm statements keep the compiler from
// removing an allocation whose memory is never used.
#include <cstdlib>
#include <mutex>
#include <pthread.h>
#include <vector>

namespace
{
void keep(void* p)
{
    asm volatile("" : : "r"(p) : "memory");
}

struct alignas(128) OverAligned
{
    char bytes[256];
};
} // namespace

// Per round: 9 allocations, 8 deallocations, 1136 bytes, 1 lock and 1 trylock.
extern "C" __attribute__((visibility("default"))) void faltung_probe_allocate(int rounds)
{
    static std::mutex mutex;
    static pthread_mutex_t tryMutex = PTHREAD_MUTEX_INITIALIZER;
    for (int r = 0; r < rounds; ++r)
    {
        void* p = std::malloc(24); // 1 allocation, 24 bytes
        keep(p);
        std::free(p); // 1 deallocation

        p = std::calloc(4, 8); // 32 bytes
        keep(p);
        p = std::realloc(p, 64); // a resize counts as an allocation: 64 bytes
        keep(p);
        std::free(p);

        if (posix_memalign(&p, 64, 128) == 0) // 128 bytes
        {
            keep(p);
            std::free(p);
        }
        p = std::aligned_alloc(64, 128); // 128 bytes
        keep(p);
        std::free(p);

        auto* v = new std::vector<float>(100); // the vector (24 bytes) and its 400 bytes
        keep(v);
        delete v;
        auto* a = new double[10]; // 80 bytes
        keep(a);
        delete[] a;
        auto* o = new OverAligned; // operator new with alignment: 256 bytes
        keep(o);
        delete o;

        mutex.lock();
        mutex.unlock();
        if (pthread_mutex_trylock(&tryMutex) == 0)
            pthread_mutex_unlock(&tryMutex);
    }
}

// A thread_local of a dlopened module: glibc allocates the module's block for a
// thread at the first use on that thread (from __tls_get_addr), then never again.
thread_local int probeCounter = 0;

extern "C" __attribute__((visibility("default"))) int faltung_probe_thread_local()
{
    return ++probeCounter;
}
