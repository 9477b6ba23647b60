// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// zita-convolver 4 (Convproc), the non-uniform engine behind jconvolver, run as
// its documentation says: configure, impdata_create, start_process, process with
// sync, stop_process, cleanup. quantum = minpart = B (zita's minimum partition is
// 64, so B = 32 runs with minpart 64), maxpart 8192. With minpart = quantum,
// process() returns the output of the quantum it was given: zita has no latency
// when the callback is exactly one quantum, as here. Partitions larger than
// minpart run on zita's own worker threads; the benchmark counts the CPU time of
// the whole process, so their work is charged too. Twice: with default options,
// and with OPT_VECTOR_MODE | OPT_FFTW_MEASURE.
//
// process(true) waits for a level's worker that has not finished its previous
// partition, which is right back to back (every block is heard) but not what a
// live host does. A live case (BenchCase::live, the multi-instance mode) calls
// process(false), as a live client does: a late level's output is used as it
// stands, and process() returns non-zero (counted in deadlineMisses()). It also
// sets OPT_LATE_CONTIN; without it zita stops itself after 5 late cycles in a
// row, and from then on process() returns 0 and does nothing, which would hide
// the misses and the cost alike.
//
// Between timed runs the engine stays as it would in a long run: its threads keep
// running and its history is kept. finishBackgroundWork() only waits for the
// cycles the workers were handed (as the next process(true) would), where it used
// to stop the threads, and resumeBackgroundWork() restarted them, which also
// cleared the history (start_process() calls reset()). That cost little CPU (about
// 0.2 ms a run, and the same figures within the noise) but made every timed run
// a fresh start, not the steady state.
#include "BenchmarkEngine.h"

// zita-convolver 4.0.3 has a race: Convlevel::stop() leaves alone a worker thread
// that has not started running yet (its state still reads idle), so stopping soon
// after start_process() leaves that thread waiting forever and check_stop() never
// succeeds. Its API cannot wait for the threads to start, so this file reads
// zita's private state to do that (see waitForWorkers()), and to wait for the
// cycles in flight without stopping (see finishCycles()).
#include <fftw3.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#define private public
#include <zita-convolver.h>
#undef private

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sched.h>
#include <stdexcept>
#include <unistd.h>

namespace
{
using namespace faltung::bench;

constexpr int kMaxPartition = 8192;
constexpr int kRealtimePriority = 50; // zita runs its larger partitions a few steps below

struct Scheduling
{
    int policy;
    int priority;
    const char* description;
};

// start_process() asks for a realtime policy and ignores a refusal: a level whose
// thread was never created is then computed inline by process(), one long call
// every so often. So find out first, with a thread of our own, whether SCHED_FIFO
// is allowed, and ask zita for normal scheduling when it is not.
const Scheduling& workerScheduling()
{
    static const Scheduling scheduling = []
    {
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        sched_param param{};
        param.sched_priority = kRealtimePriority;
        pthread_attr_setschedpolicy(&attr, SCHED_FIFO);
        pthread_attr_setschedparam(&attr, &param);
        pthread_attr_setinheritsched(&attr, PTHREAD_EXPLICIT_SCHED);
        pthread_t probe;
        const int result = pthread_create(
            &probe, &attr, [](void*) -> void* { return nullptr; }, nullptr);
        pthread_attr_destroy(&attr);
        if (result == 0)
        {
            pthread_join(probe, nullptr);
            return Scheduling{SCHED_FIFO, kRealtimePriority, "worker threads SCHED_FIFO 50"};
        }
        return Scheduling{SCHED_OTHER, 0, "worker threads SCHED_OTHER (realtime refused)"};
    }();
    return scheduling;
}

void check(int result, const char* what)
{
    if (result != 0)
        throw std::runtime_error(std::string("zita-convolver ") + what + " failed (" +
                                 std::to_string(result) + ")");
}

class ZitaEngine final : public BenchmarkEngine
{
public:
    explicit ZitaEngine(bool vectorAndMeasure)
        : options_(vectorAndMeasure ? Convproc::OPT_VECTOR_MODE | Convproc::OPT_FFTW_MEASURE : 0)
    {
    }

    ~ZitaEngine() override
    {
        stop();
        convproc_.cleanup();
    }

    void prepare(const BenchCase& benchCase, const std::vector<std::vector<float>>& ir) override
    {
        blockSize_ = benchCase.blockSize;
        numInputs_ = benchCase.numInputs();
        numOutputs_ = benchCase.numOutputs();
        minPartition_ = std::max<int>(blockSize_, Convproc::MINPART);
        live_ = benchCase.live;
        const auto paths = pathsOf(benchCase.layout);
        // Share of input/output pairs that have an IR, for zita's partitioning cost model.
        const float density = static_cast<float>(paths.size()) / static_cast<float>(numInputs_ * numOutputs_);

        convproc_.set_options(options_ | (live_ ? static_cast<uint32_t>(Convproc::OPT_LATE_CONTIN) : 0u));
        check(convproc_.configure(static_cast<uint32_t>(numInputs_), static_cast<uint32_t>(numOutputs_),
                                  static_cast<uint32_t>(benchCase.irLength),
                                  static_cast<uint32_t>(blockSize_), static_cast<uint32_t>(minPartition_),
                                  static_cast<uint32_t>(std::max(minPartition_, kMaxPartition)), density),
              "configure");
        for (const Path& path : paths)
            check(convproc_.impdata_create(
                      static_cast<uint32_t>(path.input), static_cast<uint32_t>(path.output), 1,
                      const_cast<float*>(ir[static_cast<std::size_t>(path.irChannel)].data()), 0,
                      benchCase.irLength),
                  "impdata_create");
        start();
    }

    void process(const float* const* inputs, float* const* outputs) noexcept override
    {
        const std::size_t bytes = sizeof(float) * static_cast<std::size_t>(blockSize_);
        for (int i = 0; i < numInputs_; ++i)
            std::memcpy(convproc_.inpdata(static_cast<uint32_t>(i)), inputs[i], bytes);
        if (const int flags = convproc_.process(!live_); flags != 0)
        {
            lateFlags_ |= flags;
            ++lateCalls_;
        }
        for (int o = 0; o < numOutputs_; ++o)
            std::memcpy(outputs[o], convproc_.outdata(static_cast<uint32_t>(o)), bytes);
    }

    void reset() override
    {
        // Convproc::reset() must not run while worker threads are busy; a restart
        // resets everything.
        stop();
        start();
    }

    // Waits for every cycle handed to a worker thread, so that its CPU time is
    // charged to this run; the threads stay, sleeping, and the history is kept.
    void finishBackgroundWork() override { finishCycles(); }

    // process() hands back the output of the quantum it was given when minpart =
    // quantum: no latency. With minpart = 2 x quantum (B = 32) an impulse shows
    // minpart + quantum.
    int latencySamples() const override
    {
        return minPartition_ == blockSize_ ? 0 : minPartition_ + blockSize_;
    }

    // process() calls that reported a late level (with sync, none are).
    long deadlineMisses() const noexcept override { return lateCalls_; }

    std::string notes() const override
    {
        std::string text = std::string(workerScheduling().description) + "; minpart " +
                           std::to_string(minPartition_) + "; levels: " + levels();
        if (live_)
            text += "; live: process(false), OPT_LATE_CONTIN";
        if (lateFlags_ != 0)
            text += "; process() reported late cycles";
        return text;
    }

private:
    void start()
    {
        const auto& scheduling = workerScheduling();
        check(convproc_.start_process(scheduling.priority, scheduling.policy), "start_process");
        waitForWorkers();
    }

    uint32_t firstThreadedLevel() const { return convproc_._minpart == convproc_._quantum ? 1 : 0; }

    // Every level but the first (computed inside process() when minpart =
    // quantum) has a thread, which marks its level running when it starts.
    void waitForWorkers()
    {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        for (uint32_t k = firstThreadedLevel(); k < convproc_._nlevels; ++k)
            while (convproc_._convlev[k]->_stat != Convlevel::ST_PROC)
            {
                if (std::chrono::steady_clock::now() > deadline)
                    throw std::runtime_error("zita-convolver's worker threads did not start");
                usleep(20);
            }
    }

    // What Convlevel::readout() does at a level's next cycle with sync: wait for
    // the worker's 'done' of every cycle still outstanding (_wait of them), and
    // count them off, so that the next readout() posts its cycle without waiting.
    void finishCycles()
    {
        if (convproc_.state() != Convproc::ST_PROC)
            return;
        for (uint32_t k = firstThreadedLevel(); k < convproc_._nlevels; ++k)
        {
            Convlevel& level = *convproc_._convlev[k];
            if (level._stat != Convlevel::ST_PROC)
                continue;
            while (level._wait > 0)
            {
                level._done.wait();
                --level._wait;
            }
        }
    }

    void stop()
    {
        if (convproc_.state() != Convproc::ST_PROC)
            return;
        convproc_.stop_process();
        while (!convproc_.check_stop())
            usleep(50);
    }

    // "parsize x npar" per level, from Convproc::print().
    std::string levels() const
    {
        char* text = nullptr;
        std::size_t size = 0;
        FILE* stream = open_memstream(&text, &size);
        if (stream == nullptr)
            return "?";
        const_cast<Convproc&>(convproc_).print(stream);
        std::fclose(stream);
        std::string summary;
        for (const char* line = text; line != nullptr && *line != '\0';)
        {
            int parsize = 0, npar = 0;
            if (const char* p = std::strstr(line, "parsize ="); p != nullptr)
                parsize = std::atoi(p + 9);
            if (const char* p = std::strstr(line, "npar ="); p != nullptr)
                npar = std::atoi(p + 6);
            if (parsize > 0)
            {
                if (!summary.empty())
                    summary += ' ';
                summary += std::to_string(parsize) + "x" + std::to_string(npar);
            }
            line = std::strchr(line, '\n');
            if (line != nullptr)
                ++line;
        }
        std::free(text);
        return summary;
    }

    uint32_t options_;
    int blockSize_ = 0;
    int numInputs_ = 0;
    int numOutputs_ = 0;
    int minPartition_ = 0;
    bool live_ = false;
    int lateFlags_ = 0;
    long lateCalls_ = 0;
    Convproc convproc_;
};

// zita has one mode, with no latency when minpart = quantum (B >= 64); it is
// listed under both latency modes so that each group can be compared with it.
bool supportsAll(const BenchCase&)
{
    return true;
}

const bool registered =
    registerEngineKind(
        {"zita", "zita-convolver Convproc, quantum = minpart = B, maxpart 8192, default options", supportsAll,
         [] { return std::unique_ptr<BenchmarkEngine>(new ZitaEngine(false)); }}) &&
    registerEngineKind({"zita-vector", "zita-convolver as zita, with OPT_VECTOR_MODE | OPT_FFTW_MEASURE",
                        supportsAll, [] { return std::unique_ptr<BenchmarkEngine>(new ZitaEngine(true)); }});
} // namespace
