// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// The built Standalone app as a user meets it, on a private X display (Xvfb) with no
// audio hardware: its window appears, a screenshot of it is saved in the build tree
// (look at it: FALTUNG_SCREENSHOT_PATH), and closing the window the way a window
// manager does when the user clicks its close button (WM_DELETE_WINDOW) quits the
// app within a few seconds with exit code 0. A file named on its command line (as the
// desktop's "Open With" does) becomes its IR.
#include "AudioFileIo.h"
#include "RunCommand.h"
#include "TestFiles.h"

#include <juce_core/juce_core.h>

#include <catch2/catch.hpp>

#include <X11/Xlib.h>

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
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

using namespace faltung;
using namespace faltung::test;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace
{
// A program running in the background, with its output in files. Killed when the
// object goes away if it is still running.
class Child
{
public:
    // `extraEnvironment` entries ("NAME=value") replace those of this process.
    Child(const std::vector<std::string>& args, const std::vector<std::string>& extraEnvironment,
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
    ~Child()
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
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;

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
    explicit VirtualDisplay(const fs::path& log)
    {
        int fds[2];
        if (pipe(fds) != 0)
            throw std::runtime_error("pipe failed");
        // -noreset: keep the atoms interned below when their client disconnects.
        server_ = std::make_unique<Child>(
            std::vector<std::string>{"Xvfb", "-displayfd", std::to_string(fds[1]), "-noreset", "-nolisten",
                                     "tcp", "-screen", "0", "1280x800x24"},
            std::vector<std::string>{}, log, std::vector<int>{fds[1]});
        close(fds[1]);
        std::string number;
        pollfd p{fds[0], POLLIN, 0};
        char c = 0;
        while (poll(&p, 1, 10000) == 1 && read(fds[0], &c, 1) == 1 && c != '\n')
            number += c;
        close(fds[0]);
        if (number.empty())
            throw std::runtime_error("Xvfb did not start (see " + log.string() + ")");
        name_ = ":" + number;

        display_ = XOpenDisplay(name_.c_str());
        if (display_ == nullptr)
            throw std::runtime_error("cannot connect to Xvfb on " + name_);
        // A bare X server has no window manager, so no WM_PROTOCOLS atoms; JUCE only
        // looks them up (it never creates them) and without them ignores
        // WM_DELETE_WINDOW. Intern them, as a window manager's start does.
        for (const char* atom : {"WM_PROTOCOLS", "WM_DELETE_WINDOW", "WM_TAKE_FOCUS", "_NET_WM_PING"})
            XInternAtom(display_, atom, False);
        XSync(display_, False);
    }
    ~VirtualDisplay()
    {
        if (display_ != nullptr)
            XCloseDisplay(display_);
    }

    const std::string& name() const { return name_; }

    // What a window manager sends when the user clicks a window's close button.
    void askToClose(Window window)
    {
        XEvent event{};
        event.xclient.type = ClientMessage;
        event.xclient.window = window;
        event.xclient.message_type = XInternAtom(display_, "WM_PROTOCOLS", False);
        event.xclient.format = 32;
        event.xclient.data.l[0] = static_cast<long>(XInternAtom(display_, "WM_DELETE_WINDOW", False));
        event.xclient.data.l[1] = CurrentTime;
        XSendEvent(display_, window, False, NoEventMask, &event);
        XSync(display_, False);
    }

private:
    std::unique_ptr<Child> server_;
    std::string name_;
    Display* display_ = nullptr;
};

std::string slurp(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<std::string> words(const std::string& text)
{
    std::istringstream in(text);
    std::vector<std::string> w;
    for (std::string s; in >> s;)
        w.push_back(s);
    return w;
}

// The app's main window (its title is the app's name), once it is shown; empty if
// it does not appear within 20 s or the app ends first.
std::string waitForWindow(const std::string& xEnv, Child& app)
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
std::string savedPluginState(const fs::path& settingsFile)
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
} // namespace

TEST_CASE("The Standalone app opens its window under Xvfb and quits cleanly when the window is closed")
{
    ScratchFolder folder;
    // The build may replace the app while this runs: use a copy. A private HOME
    // keeps its settings file out of the user's.
    const auto app = folder.path() / "Faltung";
    fs::copy_file(FALTUNG_STANDALONE_APP, app);
    fs::create_directories(folder.path() / "home");

    VirtualDisplay display(folder.path() / "xvfb.log");
    const auto xEnv = "DISPLAY=" + display.name();
    Child faltung({app.string()}, {xEnv, "HOME=" + folder.file("home")}, folder.path() / "app.log");

    const auto appLog = [&] { return slurp(folder.path() / "app.log"); };
    const std::string window = waitForWindow(xEnv, faltung);
    INFO("the app's output: " << appLog());
    REQUIRE(faltung.running());
    REQUIRE(!window.empty());

    // The screenshot, kept in the build tree for a person to look at, once the
    // window has had a moment to paint.
    std::this_thread::sleep_for(1s);
    fs::create_directories(fs::path(FALTUNG_SCREENSHOT_PATH).parent_path());
    const auto shot = runCommand("env", {xEnv, "import", "-window", window, FALTUNG_SCREENSHOT_PATH});
    INFO("import: " << shot.standardError);
    REQUIRE(shot.exitCode == 0);
    // A real picture: the size of a window, and not one flat colour.
    const auto info =
        runCommand("identify", {"-format", "%w %h %[fx:standard_deviation]", FALTUNG_SCREENSHOT_PATH});
    const auto measures = words(info.standardOutput);
    INFO("identify: " << info.standardOutput << info.standardError);
    REQUIRE(measures.size() == 3);
    CHECK(std::stoi(measures[0]) >= 300);
    CHECK(std::stoi(measures[1]) >= 200);
    CHECK(std::stod(measures[2]) > 0.05);

    display.askToClose(static_cast<Window>(std::stoul(window)));
    REQUIRE(faltung.waitUntilExit(5s));
    INFO("the app's output: " << appLog());
    CHECK(WIFEXITED(faltung.status()));
    CHECK(WEXITSTATUS(faltung.status()) == 0);
}

TEST_CASE("Opening an audio file with the app, as the desktop's Open With does, loads it as the IR")
{
    ScratchFolder folder;
    const auto app = folder.path() / "Faltung";
    fs::copy_file(FALTUNG_STANDALONE_APP, app);
    fs::create_directories(folder.path() / "home");
    AudioData room;
    room.sampleRate = 48000.0;
    room.channels = randomSignal(2, 4800, 9, 0.2f);
    const auto irPath = folder.path() / "my chapel.wav"; // a space, as file managers pass names
    writeWavFile(irPath.string(), room, WavSampleFormat::pcm24);

    VirtualDisplay display(folder.path() / "xvfb.log");
    const auto xEnv = "DISPLAY=" + display.name();
    // The desktop entry's Exec line is "Faltung %f": one argument, the file's path.
    Child faltung({app.string(), irPath.string()}, {xEnv, "HOME=" + folder.file("home")},
                  folder.path() / "app.log");
    const std::string window = waitForWindow(xEnv, faltung);
    INFO("the app's output: " << slurp(folder.path() / "app.log"));
    REQUIRE(!window.empty());

    // Closing the window saves the app's state, which names the IR it plays.
    display.askToClose(static_cast<Window>(std::stoul(window)));
    REQUIRE(faltung.waitUntilExit(5s));
    CHECK(WIFEXITED(faltung.status()));
    const auto state = savedPluginState(folder.path() / "home/.config/Faltung.settings");
    INFO("the saved state: " << state);
    CHECK(state.find("my chapel.wav") != std::string::npos);
}
