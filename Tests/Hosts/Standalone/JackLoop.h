// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// A JACK server with no sound card (the dummy driver) and two JACK clients around a
// program under test: a player that plays a known signal into it and a recorder
// that records what it gives back. Both run in the same JACK cycles, so each
// recorded sample is stamped with the frame time at which it was played: alignment
// is exact, not found by correlation.
#pragma once

#include "AppUnderTest.h"

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

typedef struct _jack_client jack_client_t;
typedef struct _jack_port jack_port_t;

namespace faltung::test
{

// `jackd` on the dummy driver, under a server name of its own (so that tests running
// in parallel never share one); its clients find it through JACK_DEFAULT_SERVER,
// which environment() gives. Synchronous mode: the driver waits for every client
// in a cycle, so a slow machine makes the cycles late, never lossy.
class JackServer
{
public:
    JackServer(const std::filesystem::path& log, int sampleRate, int blockSize);

    const std::string& name() const { return name_; }
    // "JACK_DEFAULT_SERVER=<name>", for the programs started to use it.
    std::string environment() const { return "JACK_DEFAULT_SERVER=" + name_; }
    // Runs jack_connect, as a user would; true if it succeeded.
    bool connect(const std::string& from, const std::string& to) const;
    // The server's ports (jack_lsp) with their connections, as jack_lsp -c prints them.
    std::string portsAndConnections() const;

private:
    std::string name_;
    std::unique_ptr<BackgroundProgram> server_;
};

// The player ("faltung-test-player:out_1", "out_2") and the recorder
// ("faltung-test-recorder:in_1", "in_2"), two clients of one server. The recorder
// keeps everything from its start (up to `maxSeconds`); play() starts a signal at
// the next cycle and returns the frame time of its first sample.
class JackLoop
{
public:
    JackLoop(const JackServer& server, double maxSeconds);
    ~JackLoop();
    JackLoop(const JackLoop&) = delete;
    JackLoop& operator=(const JackLoop&) = delete;

    int sampleRate() const { return sampleRate_; }
    // Plays the signal (channels of equal length) and waits until it and `after`
    // more samples have been recorded; returns what was recorded from the frame the
    // signal started on, signal length + after samples per channel.
    std::vector<std::vector<float>> playAndRecord(const std::vector<std::vector<float>>& signal, int after);

private:
    static int playerProcess(unsigned frames, void* self);
    static int recorderProcess(unsigned frames, void* self);

    jack_client_t* player_ = nullptr;
    jack_client_t* recorder_ = nullptr;
    std::vector<jack_port_t*> outs_, ins_;
    int sampleRate_ = 0;

    // Player: the signal to play (set before `playRequested_`), and where it began.
    const std::vector<std::vector<float>>* signal_ = nullptr;
    std::atomic<bool> playRequested_{false};
    std::atomic<bool> playing_{false};
    std::size_t playPosition_ = 0;
    std::atomic<std::uint32_t> playStartFrame_{0};

    // Recorder: every sample since its first cycle, and that cycle's frame time.
    std::vector<std::vector<float>> recording_;
    std::atomic<std::size_t> recorded_{0};
    std::atomic<bool> recorderStarted_{false};
    std::uint32_t recorderFirstFrame_ = 0;
};

} // namespace faltung::test
