// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "JackLoop.h"

#include <jack/jack.h>

#include <algorithm>
#include <stdexcept>

namespace faltung::test
{

JackServer::JackServer(const std::filesystem::path& log, int sampleRate, int blockSize)
{
    static std::atomic<int> count{0};
    name_ = "faltung-test-" + std::to_string(getpid()) + "-" + std::to_string(++count);
    // No real-time scheduling (a CI machine grants none); -S: synchronous; -t: how
    // long the driver waits for a late client, in ms, before it gives up a cycle.
    server_ = std::make_unique<BackgroundProgram>(
        std::vector<std::string>{"jackd", "--no-realtime", "-S", "-t", "20000", "-n", name_, "-d", "dummy",
                                 "-r", std::to_string(sampleRate), "-p", std::to_string(blockSize)},
        std::vector<std::string>{}, log);
    // Ready when a client can connect to it.
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (runCommand("env", {environment(), "jack_lsp"}).exitCode != 0)
    {
        if (!server_->running() || std::chrono::steady_clock::now() > deadline)
            throw std::runtime_error("jackd did not start (see " + log.string() + "): " + slurp(log));
        std::this_thread::sleep_for(50ms);
    }
}

bool JackServer::connect(const std::string& from, const std::string& to) const
{
    return runCommand("env", {environment(), "jack_connect", from, to}).exitCode == 0;
}

std::string JackServer::portsAndConnections() const
{
    return runCommand("env", {environment(), "jack_lsp", "-c"}).standardOutput;
}

namespace
{
jack_client_t* openClient(const char* name, const JackServer& server)
{
    jack_status_t status{};
    auto* client = jack_client_open(name, static_cast<jack_options_t>(JackNoStartServer | JackServerName),
                                    &status, server.name().c_str());
    if (client == nullptr)
        throw std::runtime_error(std::string("cannot open the JACK client ") + name + " (status " +
                                 std::to_string(status) + ")");
    return client;
}
} // namespace

JackLoop::JackLoop(const JackServer& server, double maxSeconds)
{
    player_ = openClient("faltung-test-player", server);
    recorder_ = openClient("faltung-test-recorder", server);
    sampleRate_ = static_cast<int>(jack_get_sample_rate(recorder_));
    recording_.assign(2, std::vector<float>(static_cast<std::size_t>(maxSeconds * sampleRate_)));
    for (const char* name : {"out_1", "out_2"})
        outs_.push_back(jack_port_register(player_, name, JACK_DEFAULT_AUDIO_TYPE, JackPortIsOutput, 0));
    for (const char* name : {"in_1", "in_2"})
        ins_.push_back(jack_port_register(recorder_, name, JACK_DEFAULT_AUDIO_TYPE, JackPortIsInput, 0));
    jack_set_process_callback(player_, playerProcess, this);
    jack_set_process_callback(recorder_, recorderProcess, this);
    if (jack_activate(player_) != 0 || jack_activate(recorder_) != 0)
        throw std::runtime_error("cannot activate the JACK test clients");
}

JackLoop::~JackLoop()
{
    for (auto* client : {player_, recorder_})
        if (client != nullptr)
        {
            jack_deactivate(client);
            jack_client_close(client);
        }
}

int JackLoop::playerProcess(unsigned frames, void* self)
{
    auto& loop = *static_cast<JackLoop*>(self);
    if (!loop.playing_ && loop.playRequested_.exchange(false))
    {
        loop.playPosition_ = 0;
        loop.playStartFrame_ = jack_last_frame_time(loop.player_);
        loop.playing_ = true;
    }
    const std::size_t length = loop.playing_ ? (*loop.signal_)[0].size() : 0;
    const std::size_t n = loop.playing_ ? std::min<std::size_t>(frames, length - loop.playPosition_) : 0;
    for (std::size_t c = 0; c < loop.outs_.size(); ++c)
    {
        auto* out = static_cast<float*>(jack_port_get_buffer(loop.outs_[c], frames));
        std::fill(out, out + frames, 0.0f);
        if (n > 0)
        {
            const auto& channel = (*loop.signal_)[c % loop.signal_->size()];
            std::copy_n(channel.begin() + static_cast<std::ptrdiff_t>(loop.playPosition_), n, out);
        }
    }
    if (loop.playing_)
    {
        loop.playPosition_ += n;
        if (loop.playPosition_ >= length)
            loop.playing_ = false;
    }
    return 0;
}

int JackLoop::recorderProcess(unsigned frames, void* self)
{
    auto& loop = *static_cast<JackLoop*>(self);
    if (!loop.recorderStarted_)
    {
        loop.recorderFirstFrame_ = jack_last_frame_time(loop.recorder_);
        loop.recorderStarted_ = true;
    }
    const std::size_t at = loop.recorded_;
    const std::size_t n = std::min<std::size_t>(frames, loop.recording_[0].size() - at);
    for (std::size_t c = 0; c < loop.ins_.size(); ++c)
    {
        const auto* in = static_cast<const float*>(jack_port_get_buffer(loop.ins_[c], frames));
        std::copy_n(in, n, loop.recording_[c].begin() + static_cast<std::ptrdiff_t>(at));
    }
    loop.recorded_ = at + n;
    return 0;
}

std::vector<std::vector<float>> JackLoop::playAndRecord(const std::vector<std::vector<float>>& signal,
                                                        int after)
{
    const std::size_t length = signal.at(0).size();
    const auto waitFor = [&](auto done, const char* what)
    {
        // Real time, and a slow machine makes the cycles late: allow ten times over.
        const auto deadline = std::chrono::steady_clock::now() + 20s +
                              std::chrono::milliseconds(10 * 1000 * (length + after) / sampleRate_);
        while (!done())
        {
            if (std::chrono::steady_clock::now() > deadline)
                throw std::runtime_error(what);
            std::this_thread::sleep_for(10ms);
        }
    };
    waitFor([&] { return recorderStarted_.load(); }, "the recorder never ran");
    signal_ = &signal;
    playRequested_ = true;
    waitFor([&] { return !playRequested_ && !playing_; }, "the player did not finish");
    const std::size_t start = static_cast<std::uint32_t>(playStartFrame_ - recorderFirstFrame_);
    const std::size_t end = start + length + static_cast<std::size_t>(after);
    if (end > recording_[0].size())
        throw std::runtime_error("the recording is too short for the signal");
    waitFor([&] { return recorded_ >= end; }, "the recorder did not record the signal's response");
    std::vector<std::vector<float>> result;
    for (const auto& channel : recording_)
        result.emplace_back(channel.begin() + static_cast<std::ptrdiff_t>(start),
                            channel.begin() + static_cast<std::ptrdiff_t>(end));
    return result;
}

} // namespace faltung::test
