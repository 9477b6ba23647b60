// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// What the Standalone app's tests need to run it as a user would: programs in the
// background (the app, Xvfb, a JACK server), a private X display, the app's window,
// and the state it saves.
#pragma once

#include "RunCommand.h"

#include <juce_core/juce_core.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <memory>
#include <poll.h>
#include <spawn.h>
#include <sstream>
#include <stdexcept>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

extern char** environ;

struct _XDisplay;

namespace faltung::test
{
namespace fs = std::filesystem;
using namespace std::chrono_literals;

// A program running in the background, with its output in files. Killed when the
// object goes away if it is still running.
class BackgroundProgram
{
public:
    // `extraEnvironment` entries ("NAME=value") replace those of this process.
    BackgroundProgram(const std::vector<std::string>& args, const std::vector<std::string>& extraEnvironment,
                      const fs::path& output, std::vector<int> keepOpen = {})
    {
        std::vector<std::string> env = extraEnvironment;
        for (char** e = environ; *e != nullptr; ++e)
        {
            const std::string entry = *e;
            const auto name = entry.substr(0, entry.find('=') + 1);
            const bool replaced = std::any_of(env.begin(), env.end(),
                                              [&](const std::string& x) { return x.rfind(name, 0) == 0; });
            if (!replaced)
                env.push_back(entry);
        }
        std::vector<char*> argv, envp;
        for (const auto& a : args)
            argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        for (const auto& e : env)
            envp.push_back(const_cast<char*>(e.c_str()));
        envp.push_back(nullptr);

        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_addopen(&actions, 1, output.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        posix_spawn_file_actions_adddup2(&actions, 1, 2);
        for (int fd : keepOpen)
            posix_spawn_file_actions_adddup2(&actions, fd, fd); // clears close-on-exec
        const int error = posix_spawnp(&pid_, argv[0], &actions, nullptr, argv.data(), envp.data());
        posix_spawn_file_actions_destroy(&actions);
        if (error != 0)
            throw std::runtime_error("cannot start " + args[0] + ": " + std::strerror(error));
    }
    ~BackgroundProgram()
    {
        if (!running())
            return;
        kill(pid_, SIGTERM);
        if (!waitUntilExit(2s))
        {
            kill(pid_, SIGKILL);
            waitpid(pid_, &status_, 0);
        }
    }
    BackgroundProgram(const BackgroundProgram&) = delete;
    BackgroundProgram& operator=(const BackgroundProgram&) = delete;

    pid_t pid() const { return pid_; }
    bool running()
    {
        if (exited_)
            return false;
        exited_ = waitpid(pid_, &status_, WNOHANG) == pid_;
        return !exited_;
    }
    // Waits until the program ends or the time is up; true if it ended.
    bool waitUntilExit(std::chrono::milliseconds timeout)
    {
        const auto end = std::chrono::steady_clock::now() + timeout;
        while (running())
        {
            if (std::chrono::steady_clock::now() > end)
                return false;
            std::this_thread::sleep_for(20ms);
        }
        return true;
    }
    int status() const { return status_; }

private:
    pid_t pid_ = -1;
    int status_ = 0;
    bool exited_ = false;
};

// Xvfb on a display number it picks itself (-displayfd), so that tests running in
// parallel never race for one.
class VirtualDisplay
{
public:
    explicit VirtualDisplay(const fs::path& log);
    ~VirtualDisplay();
    VirtualDisplay(const VirtualDisplay&) = delete;
    VirtualDisplay& operator=(const VirtualDisplay&) = delete;

    const std::string& name() const { return name_; }

    // What a window manager sends when the user clicks a window's close button;
    // `window` as xdotool names it (a decimal id).
    void askToClose(const std::string& window);

private:
    std::unique_ptr<BackgroundProgram> server_;
    std::string name_;
    _XDisplay* display_ = nullptr;
};

inline std::string slurp(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

inline std::vector<std::string> words(const std::string& text)
{
    std::istringstream in(text);
    std::vector<std::string> w;
    for (std::string s; in >> s;)
        w.push_back(s);
    return w;
}

// The app's main window (its title is the app's name), once it is shown; empty if
// it does not appear within 20 s or the app ends first.
inline std::string waitForWindow(const std::string& xEnv, BackgroundProgram& app)
{
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (std::chrono::steady_clock::now() < deadline && app.running())
    {
        const auto found =
            runCommand("env", {xEnv, "xdotool", "search", "--onlyvisible", "--name", "^Faltung$"});
        for (const auto& id : words(found.standardOutput))
        {
            // Its window, not another program's.
            const auto pid = runCommand("env", {xEnv, "xdotool", "getwindowpid", id});
            if (words(pid.standardOutput) == std::vector<std::string>{std::to_string(app.pid())})
                return id;
        }
        std::this_thread::sleep_for(100ms);
    }
    return {};
}

// The plugin state the app saved in its settings file (JUCE keeps it as
// "filterState": the state's binary form, base64), as XML text.
inline std::string savedPluginState(const fs::path& settingsFile)
{
    auto settings = juce::XmlDocument::parse(juce::File(settingsFile.string()));
    if (settings == nullptr)
        return {};
    for (auto* value : settings->getChildIterator())
        if (value->getStringAttribute("name") == "filterState")
        {
            juce::MemoryBlock state;
            state.fromBase64Encoding(value->getStringAttribute("val"));
            // copyXmlToBinary: a magic number, the text's size, then the text.
            if (state.getSize() <= 8)
                return {};
            return std::string(static_cast<const char*>(state.getData()) + 8, state.getSize() - 8);
        }
    return {};
}
} // namespace faltung::test
