// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// Ardour 7 headless for the tests: a private Ardour (its own HOME, the plugin
// bundles copied in, a fresh session) that runs the Lua scripts in this folder once
// each, never retried, and what they print.
#pragma once

#include "RunCommand.h"
#include "TestFiles.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace faltung::test
{
namespace fs = std::filesystem;

inline const std::string kScripts = FALTUNG_ARDOUR_SCRIPTS;

// JUCE plugins connect to an X server even in a headless host, to ":0" when DISPLAY
// is unset, where another test's Xvfb may run and then go away mid-export (Xlib then
// ends the host). An address that is no display keeps them off X altogether.
inline const std::string kNoDisplay = "DISPLAY=none";

// Ardour 7.3 corrupts its own heap during export on CPUs with AVX-512: its
// x86_avx512f_mix_buffers_no_gain writes past the end of a buffer (fixed in Ardour
// 8.5), and the session aborts later ("corrupted size vs. prev_size", "double
// free"), with or without any plugin. ARDOUR_FPU_FLAGS, Ardour's override of the
// CPU features it detects, set to 95 keeps it on its SSE/AVX routines; measured
// here, 0 aborts in 42 runs with it and 17 in 39 without. Every Ardour process the
// test starts gets it, so a crash that is left is a finding. See README.md, "Tests".
inline const std::string kArdourFpuFlags = "ARDOUR_FPU_FLAGS=95";

enum class Format
{
    lv2,
    vst3,
};

inline std::string slurp(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// The values a script printed as "KEY VALUE" lines, in order.
inline std::vector<std::string> printed(const std::string& output, const std::string& key)
{
    std::vector<std::string> values;
    std::istringstream lines(output);
    for (std::string line; std::getline(lines, line);)
        if (line.rfind(key + " ", 0) == 0)
            values.push_back(line.substr(key.size() + 1));
    return values;
}

inline bool hasLine(const std::string& output, const std::string& line)
{
    std::istringstream lines(output);
    for (std::string l; std::getline(lines, l);)
        if (l == line)
            return true;
    return false;
}

// The exit status in words. The programs run under the shell and `timeout`, which
// report a program that a signal ended as exit code 128 + the signal's number.
inline std::string exitStatus(int exitCode)
{
    if (exitCode == 124)
        return "exit code 124: timed out, stopped by `timeout`";
    if (exitCode > 128 && exitCode < 128 + NSIG)
        return "exit code " + std::to_string(exitCode) + ": ended by signal " +
               std::to_string(exitCode - 128) + " (" + strsignal(exitCode - 128) + ")";
    if (exitCode < 0)
        return "did not exit normally (the shell running it was ended by a signal)";
    return "exit code " + std::to_string(exitCode);
}

inline std::string describe(const CommandResult& r)
{
    return exitStatus(r.exitCode) + "\n--- stdout\n" + r.standardOutput + "\n--- stderr\n" + r.standardError;
}

// One run of an Ardour program, for the summary the test prints.
struct Run
{
    std::string what;
    int exitCode;
    double seconds;
};

// A private Ardour: its own HOME (configuration, export presets, VST3 cache), the
// plugin bundles copied in at the start (the build may replace them meanwhile), and
// a fresh session.
class Ardour
{
public:
    explicit Ardour(Format format)
        : home_(folder_.path() / "home")
        , lv2Path_(folder_.path() / "lv2")
        , session_(folder_.path() / "session")
        , pristine_(folder_.path() / "session-pristine")
        , exports_(folder_.path() / "export")
    {
        fs::create_directories(home_ / ".config/ardour7/export");
        for (const char* f : {"faltung-float32.format", "faltung-float32.preset"})
            fs::copy_file(fs::path(kScripts) / f, home_ / ".config/ardour7/export" / f);
        fs::create_directories(exports_);
        if (format == Format::lv2)
        {
            fs::create_directories(lv2Path_);
            fs::copy(FALTUNG_LV2_BUNDLE, lv2Path_ / "Faltung.lv2", fs::copy_options::recursive);
        }
        else
        {
            fs::create_directories(home_ / ".vst3");
            fs::copy(FALTUNG_VST3_BUNDLE, home_ / ".vst3/Faltung.vst3", fs::copy_options::recursive);
        }
        fs::copy_file(FALTUNG_RENDER_PATH, folder_.path() / "faltung-render");
    }

    const fs::path& session() const { return session_; }
    fs::path sessionFile() const { return session_ / "faltung.ardour"; }
    std::string exports() const { return exports_.string(); }
    std::string exported(const std::string& name) const { return (exports_ / (name + ".wav")).string(); }
    fs::path renderer() const { return folder_.path() / "faltung-render"; }
    std::string file(const std::string& name) const { return folder_.file(name); }
    const std::vector<Run>& runs() const { return runs_; }

    // Runs one Lua script, once.
    CommandResult runLua(const std::string& script, const std::vector<std::string>& args)
    {
        std::vector<std::string> command = {"HOME=" + home_.string(),
                                            kNoDisplay,
                                            kArdourFpuFlags,
                                            "LV2_PATH=" + lv2Path_.string(),
                                            "timeout",
                                            "120",
                                            "ardour7-lua",
                                            (fs::path(kScripts) / script).string()};
        command.insert(command.end(), args.begin(), args.end());
        return run("ardour7-lua " + script, command);
    }

    // Runs one Lua script, once, and requires it to exit with 0 having finished
    // ("done"). A crash fails the test like any other failure.
    std::string lua(const std::string& script, const std::vector<std::string>& args)
    {
        const auto r = runLua(script, args);
        INFO("ardour7-lua " << script << ": " << describe(r));
        REQUIRE(r.exitCode == 0);
        REQUIRE(hasLine(r.standardOutput, "done"));
        return r.standardOutput;
    }

    // Ardour loads VST3 plugins only from its cache: after one run has seen the
    // bundle, its scanner indexes it, and the next run can insert it.
    void scanVst3()
    {
        const auto r = run("ardour-vst3-scanner", {"HOME=" + home_.string(), kNoDisplay, kArdourFpuFlags,
                                                   "LD_LIBRARY_PATH=/usr/lib/ardour7", "timeout", "120",
                                                   "/usr/lib/ardour7/ardour-vst3-scanner", "-q", "-f",
                                                   (home_ / ".vst3/Faltung.vst3").string()});
        INFO("ardour-vst3-scanner: " << describe(r));
        REQUIRE(r.exitCode == 0);
    }

    // The session as it is now is what every cycle starts from.
    void keepSession() { fs::copy(session_, pristine_, fs::copy_options::recursive); }

    // Back to the kept session, in the folder the scripts are given.
    void restoreSession()
    {
        fs::remove_all(session_);
        fs::copy(pristine_, session_, fs::copy_options::recursive);
    }

private:
    CommandResult run(const std::string& what, const std::vector<std::string>& envAndCommand)
    {
        const auto start = std::chrono::steady_clock::now();
        auto r = runCommand("env", envAndCommand);
        const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
        runs_.push_back({what, r.exitCode, took.count()});
        return r;
    }

    ScratchFolder folder_;
    fs::path home_, lv2Path_, session_, pristine_, exports_;
    std::vector<Run> runs_;
};

inline void printRuns(const char* formatName, const std::vector<Run>& runs)
{
    double total = 0.0;
    for (const auto& r : runs)
    {
        std::cout << formatName << ": " << r.what << ": exit code " << r.exitCode << ", " << r.seconds
                  << " s\n";
        total += r.seconds;
    }
    std::cout << formatName << ": " << runs.size() << " runs of Ardour programs, " << total << " s\n";
}

} // namespace faltung::test
