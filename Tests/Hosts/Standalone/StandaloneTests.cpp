// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// The built Standalone app as a user meets it, on a private X display (Xvfb) with no
// audio hardware: its window appears, a screenshot of it is saved in the build tree
// (look at it: FALTUNG_SCREENSHOT_PATH), and closing the window the way a window
// manager does when the user clicks its close button (WM_DELETE_WINDOW) quits the
// app within a few seconds with exit code 0. A file named on its command line (as the
// desktop's "Open With" does) becomes its IR.
#include "AppUnderTest.h"
#include "AudioFileIo.h"
#include "TestFiles.h"

#include <catch2/catch.hpp>

using namespace faltung;
using namespace faltung::test;

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
    BackgroundProgram faltung({app.string()}, {xEnv, "HOME=" + folder.file("home")},
                              folder.path() / "app.log");

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

    display.askToClose(window);
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
    BackgroundProgram faltung({app.string(), irPath.string()}, {xEnv, "HOME=" + folder.file("home")},
                              folder.path() / "app.log");
    const std::string window = waitForWindow(xEnv, faltung);
    INFO("the app's output: " << slurp(folder.path() / "app.log"));
    REQUIRE(!window.empty());

    // Closing the window saves the app's state, which names the IR it plays.
    display.askToClose(window);
    REQUIRE(faltung.waitUntilExit(5s));
    CHECK(WIFEXITED(faltung.status()));
    const auto state = savedPluginState(folder.path() / "home/.config/Faltung.settings");
    INFO("the saved state: " << state);
    CHECK(state.find("my chapel.wav") != std::string::npos);
}
