// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// The built Standalone app on JACK, as a Linux musician runs it: a JACK server with
// no sound card (jackd's dummy driver), the app under Xvfb set to JACK in its saved
// settings, a test client playing a known signal into its inputs and another
// recording its outputs, connected with jack_connect. What it plays must be what
// faltung-render makes of the same signal with the same IR and settings.
#include "AppUnderTest.h"
#include "AudioFileIo.h"
#include "JackLoop.h"
#include "TestFiles.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <random>

using namespace faltung;
using namespace faltung::test;

namespace
{
constexpr int kSampleRate = 48000;
// The dummy driver without real-time scheduling misses its own deadlines at small
// blocks on a loaded machine (an xrun a second at 256 with no client at all).
constexpr int kBlockSize = 1024;

// The settings a user leaves after choosing JACK in the app's audio settings (JUCE's
// standalone keeps them in ~/.config/Faltung.settings), with the input unmuted:
// JUCE mutes it until the user says there is no feedback loop.
void writeJackSettings(const fs::path& home)
{
    fs::create_directories(home / ".config");
    std::ofstream(home / ".config/Faltung.settings")
        << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<PROPERTIES>\n  <VALUE name=\"audioSetup\">\n"
           "    <DEVICESETUP deviceType=\"JACK\" audioOutputDeviceName=\"system\" "
           "audioInputDeviceName=\"system\"/>\n  </VALUE>\n  <VALUE name=\"shouldMuteInput\" val=\"0\"/>\n"
           "</PROPERTIES>\n";
}

// The energy of the difference relative to the reference's, in dB, over the
// reference's length (the recording is as long or longer).
double nullDb(const std::vector<std::vector<float>>& recorded,
              const std::vector<std::vector<float>>& reference, int lag = 0)
{
    double error = 0.0, energy = 0.0;
    for (std::size_t c = 0; c < reference.size(); ++c)
        for (std::size_t i = 0; i < reference[c].size(); ++i)
        {
            const auto at = static_cast<std::ptrdiff_t>(i) + lag;
            const double r = at >= 0 && at < static_cast<std::ptrdiff_t>(recorded[c].size())
                                 ? recorded[c][static_cast<std::size_t>(at)]
                                 : 0.0;
            error += (r - reference[c][i]) * (r - reference[c][i]);
            energy += static_cast<double>(reference[c][i]) * reference[c][i];
        }
    return 10.0 * std::log10(std::max(error, 1e-30) / energy);
}

// The lag (recorded later by that many samples) at which the two correlate best.
int bestLag(const std::vector<std::vector<float>>& recorded, const std::vector<std::vector<float>>& reference,
            int range)
{
    int best = 0;
    double bestScore = -1e300;
    const std::size_t n = std::min<std::size_t>(reference[0].size(), kSampleRate);
    for (int lag = -range; lag <= range; ++lag)
    {
        double score = 0.0;
        for (std::size_t c = 0; c < reference.size(); ++c)
            for (std::size_t i = 0; i < n; ++i)
            {
                const auto at = static_cast<std::ptrdiff_t>(i) + lag;
                if (at >= 0 && at < static_cast<std::ptrdiff_t>(recorded[c].size()))
                    score += static_cast<double>(recorded[c][static_cast<std::size_t>(at)]) * reference[c][i];
            }
        if (score > bestScore)
        {
            bestScore = score;
            best = lag;
        }
    }
    return best;
}

// What faltung-render makes of `signal` through the IR, with the plugin's default
// settings (the app starts with them): Mix 30 %, the renderer's default being 100.
std::vector<std::vector<float>> rendered(const ScratchFolder& folder, const std::string& name,
                                         const std::vector<std::vector<float>>& signal, const fs::path& ir)
{
    AudioData input;
    input.sampleRate = kSampleRate;
    input.channels = signal;
    const auto in = folder.file(name + ".wav"), out = folder.file(name + "-rendered.wav");
    writeWavFile(in, input, WavSampleFormat::float32);
    const auto r =
        runCommand(FALTUNG_RENDER_PATH, {"--ir", ir.string(), "--mix", "30", "--format", "float32", in, out});
    INFO("faltung-render: " << r.standardOutput << r.standardError);
    REQUIRE(r.exitCode == 0);
    return readAudioFile(out).channels;
}
} // namespace

TEST_CASE("The Standalone app on JACK plays what faltung-render renders, sample-aligned, and keeps its "
          "device choice")
{
    ScratchFolder folder;
    const auto app = folder.path() / "Faltung";
    fs::copy_file(FALTUNG_STANDALONE_APP, app);
    const auto home = folder.path() / "home";
    writeJackSettings(home);

    // The IR: half a second of decaying noise, different in each channel.
    AudioData room;
    room.sampleRate = kSampleRate;
    room.channels = randomSignal(2, kSampleRate / 2, 21, 0.5f);
    for (auto& channel : room.channels)
        for (std::size_t i = 0; i < channel.size(); ++i)
            channel[i] *= static_cast<float>(std::exp(-6.9 * static_cast<double>(i) / (kSampleRate / 2)));
    const auto ir = folder.path() / "room.wav";
    writeWavFile(ir.string(), room, WavSampleFormat::float32);

    JackServer jack(folder.path() / "jackd.log", kSampleRate, kBlockSize);
    VirtualDisplay display(folder.path() / "xvfb.log");
    const auto xEnv = "DISPLAY=" + display.name();
    BackgroundProgram faltung({app.string(), ir.string()},
                              {xEnv, "HOME=" + home.string(), jack.environment()}, folder.path() / "app.log");
    const auto appLog = [&] { return slurp(folder.path() / "app.log"); };
    const std::string window = waitForWindow(xEnv, faltung);
    INFO("the app's output: " << appLog());
    INFO("jackd's output: " << slurp(folder.path() / "jackd.log"));
    REQUIRE(!window.empty());

    // It joins JACK as "Faltung" with two inputs and two outputs, wired to the
    // device it was set to (the dummy driver's "system").
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (jack.portsAndConnections().find("Faltung:out_2") == std::string::npos &&
           std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(50ms);
    const auto ports = jack.portsAndConnections();
    INFO("jack_lsp -c:\n" << ports);
    for (const char* port : {"Faltung:in_1", "Faltung:in_2", "Faltung:out_1", "Faltung:out_2"})
        REQUIRE(ports.find(port) != std::string::npos);
    CHECK(ports.find("system:capture_1\n   Faltung:in_1") != std::string::npos);
    CHECK(ports.find("Faltung:out_2\n   system:playback_2") != std::string::npos);

    JackLoop loop(jack, 120.0);
    REQUIRE(loop.sampleRate() == kSampleRate);
    REQUIRE(jack.connect("faltung-test-player:out_1", "Faltung:in_1"));
    REQUIRE(jack.connect("faltung-test-player:out_2", "Faltung:in_2"));
    REQUIRE(jack.connect("Faltung:out_1", "faltung-test-recorder:in_1"));
    REQUIRE(jack.connect("Faltung:out_2", "faltung-test-recorder:in_2"));

    // The app loads the IR on its loader thread: play a click until what comes back
    // is the IR's response (before, it is the default IR's).
    const auto after = kSampleRate / 2 + 4 * kBlockSize;
    std::vector<std::vector<float>> click(2, std::vector<float>(kBlockSize, 0.0f));
    click[0][0] = 0.9f;
    click[1][0] = -0.6f;
    const auto clickRendered = rendered(folder, "click", click, ir);
    double clickNull = 0.0;
    int clicks = 0;
    for (const auto start = std::chrono::steady_clock::now();
         std::chrono::steady_clock::now() - start < 60s && (clicks == 0 || clickNull > -60.0); ++clicks)
        clickNull = nullDb(loop.playAndRecord(click, after), clickRendered);
    INFO(clicks << " clicks played until the IR was in place");
    REQUIRE(clickNull <= -60.0);

    // The measurement: two seconds of noise bursts and tones, different in each ear.
    std::vector<std::vector<float>> music = randomSignal(2, 2 * kSampleRate, 5, 0.3f);
    for (std::size_t i = 0; i < music[0].size(); ++i)
    {
        const double t = static_cast<double>(i) / kSampleRate;
        const float gate = std::fmod(t, 0.5) < 0.2 ? 1.0f : 0.0f;
        music[0][i] = music[0][i] * gate + 0.2f * static_cast<float>(std::sin(2.0 * M_PI * 220.0 * t));
        music[1][i] =
            music[1][i] * (1.0f - gate) + 0.2f * static_cast<float>(std::sin(2.0 * M_PI * 331.0 * t));
    }
    const auto reference = rendered(folder, "music", music, ir);
    const auto recorded =
        loop.playAndRecord(music, static_cast<int>(reference[0].size() - music[0].size()) + 1);
    const int lag = bestLag(recorded, reference, 2048);
    const double null = nullDb(recorded, reference);
    WARN("JACK, " << kSampleRate << " Hz, blocks of " << kBlockSize
                  << ": the app's output against faltung-render: " << null << " dB, best alignment at " << lag
                  << " samples (the app's latency: zero-latency mode)");
    CHECK(lag == 0);
    CHECK(null <= -60.0);

    // Closing the window saves the settings: still JACK, still "system".
    display.askToClose(window);
    REQUIRE(faltung.waitUntilExit(10s));
    CHECK(WIFEXITED(faltung.status()));
    CHECK(WEXITSTATUS(faltung.status()) == 0);
    const auto settings = slurp(home / ".config/Faltung.settings");
    INFO("the saved settings: " << settings);
    CHECK(settings.find("deviceType=\"JACK\"") != std::string::npos);
    CHECK(settings.find("audioOutputDeviceName=\"system\"") != std::string::npos);
}
