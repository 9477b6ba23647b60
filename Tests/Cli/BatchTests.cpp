// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// faltung-render --output-dir: batches of files and folders as a user runs them.
#include "AudioFileIo.h"
#include "RenderCommand.h"
#include "TestFiles.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <filesystem>
#include <limits>
#include <spawn.h>
#include <sys/wait.h>
#include <thread>

extern char** environ;

using namespace faltung;
using namespace faltung::test;
namespace fs = std::filesystem;

namespace
{
AudioData noise(double rate, int channels, int length, unsigned seed)
{
    AudioData a;
    a.sampleRate = rate;
    a.channels = randomSignal(channels, length, seed, 0.3f);
    return a;
}

std::string slurp(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Every file under a folder, by its path relative to it.
std::vector<std::string> filesUnder(const fs::path& folder)
{
    std::vector<std::string> files;
    for (const auto& e : fs::recursive_directory_iterator(folder))
        if (e.is_regular_file())
            files.push_back(e.path().lexically_relative(folder).string());
    std::sort(files.begin(), files.end());
    return files;
}

// A folder of inputs for a batch: stereo at 48 kHz, mono at 44.1 kHz in a
// subfolder, 32-bit float, and a file that is not audio next to them.
struct Inputs
{
    ScratchFolder folder;
    fs::path in = folder.path() / "in";
    fs::path ir = folder.path() / "room.wav";

    Inputs()
    {
        fs::create_directories(in / "takes");
        writeWavFile(ir.string(), noise(48000, 2, 24000, 9), WavSampleFormat::pcm24);
        writeWavFile((in / "a.wav").string(), noise(48000, 2, 30000, 1), WavSampleFormat::pcm24);
        writeWavFile((in / "b.wav").string(), noise(48000, 2, 9000, 2), WavSampleFormat::float32);
        writeWavFile((in / "takes" / "c.wav").string(), noise(44100, 1, 20000, 3), WavSampleFormat::pcm24);
        writeWavFile((in / "takes" / "d.wav").string(), noise(48000, 1, 5000, 4), WavSampleFormat::pcm24);
        folder.writeText("in/README.txt", "not audio: a batch leaves it alone\n");
    }
    std::vector<std::string> batch(const fs::path& out, std::vector<std::string> more = {}) const
    {
        std::vector<std::string> args{"--ir",       ir.string(),   "--output-dir",
                                      out.string(), "--partition", "128"};
        args.insert(args.end(), more.begin(), more.end());
        return args;
    }
};

// faltung-render started in the background, for sending it a signal.
class Background
{
public:
    Background(const std::vector<std::string>& args, const fs::path& log)
    {
        std::vector<std::string> all{FALTUNG_RENDER_PATH};
        all.insert(all.end(), args.begin(), args.end());
        std::vector<char*> argv;
        for (auto& a : all)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                         0644);
        posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
        REQUIRE(posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ) == 0);
        posix_spawn_file_actions_destroy(&actions);
    }
    ~Background()
    {
        if (pid_ > 0)
        {
            kill(pid_, SIGKILL);
            waitpid(pid_, nullptr, 0);
        }
    }
    void signal(int s) { kill(pid_, s); }
    // The exit code, or 128 + the signal that ended it.
    int wait()
    {
        int status = 0;
        waitpid(pid_, &status, 0);
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }

private:
    pid_t pid_ = -1;
};
} // namespace

TEST_CASE("A batch renders files and folders into one output each, byte for byte as single renders, in "
          "parallel as in series")
{
    Inputs inputs;
    const auto series = inputs.folder.path() / "series";
    const auto parallel = inputs.folder.path() / "parallel";

    // The folder with its subfolder, and a file given on its own as well.
    const auto one = runRender(inputs.batch(
        series, {"--jobs", "1", "--recursive", inputs.in.string(), (inputs.in / "a.wav").string()}));
    INFO(one.standardOutput << one.standardError);
    REQUIRE(one.exitCode == 0);
    CHECK(one.standardError.empty());
    CHECK_THAT(one.standardOutput,
               Catch::StartsWith("Rendered 4 of 4 files (1.4 s of audio) into " + series.string()));
    const std::vector<std::pair<std::string, std::string>> outputOf{{"a.wav", "a-wet.wav"},
                                                                    {"b.wav", "b-wet.wav"},
                                                                    {"takes/c.wav", "takes/c-wet.wav"},
                                                                    {"takes/d.wav", "takes/d-wet.wav"}};
    std::vector<std::string> expected;
    for (const auto& [input, output] : outputOf)
        expected.push_back(output);
    CHECK(filesUnder(series) == expected);

    const auto three = runRender(inputs.batch(parallel, {"--jobs", "3", "--recursive", inputs.in.string()}));
    REQUIRE(three.exitCode == 0);
    REQUIRE(filesUnder(parallel) == expected);
    for (const auto& [input, output] : outputOf)
    {
        CAPTURE(output);
        const auto bytes = slurp(series / output);
        CHECK(bytes.size() > 1000);
        CHECK(bytes == slurp(parallel / output));
        // The same as rendering that file alone.
        const auto single = inputs.folder.file("single.wav");
        REQUIRE(runRender({"--ir", inputs.ir.string(), "--partition", "128", "--quiet",
                           (inputs.in / input).string(), single})
                    .exitCode == 0);
        CHECK(bytes == slurp(single));
    }

    // The mono 44.1 kHz take rendered at its own rate, mono in and stereo out.
    const auto c = readAudioFile((series / "takes/c-wet.wav").string());
    CHECK(c.sampleRate == 44100.0);
    CHECK(c.numChannels() == 2);

    // Without --recursive, a folder gives its own files only; --suffix names them.
    const auto flat = inputs.folder.path() / "flat";
    REQUIRE(runRender(inputs.batch(flat, {"--suffix", ".hall", inputs.in.string()})).exitCode == 0);
    CHECK(filesUnder(flat) == std::vector<std::string>{"a.hall.wav", "b.hall.wav"});
}

TEST_CASE(
    "A file that fails in a batch is named with its reason, the others render, and nothing partial is left")
{
    Inputs inputs;
    inputs.folder.writeText("in/broken.wav", "RIFF, but not really");
    writeWavFile((inputs.in / "empty.wav").string(), noise(48000, 2, 0, 5), WavSampleFormat::pcm24);
    // Fails in the middle of its render: a NaN two thirds in, found as it is read.
    auto nan = noise(48000, 2, 60000, 6);
    nan.channels[1][40000] = std::numeric_limits<float>::quiet_NaN();
    writeWavFile((inputs.in / "nan.wav").string(), nan, WavSampleFormat::float32);

    const auto out = inputs.folder.path() / "out";
    const auto r = runRender(inputs.batch(out, {"--jobs", "2", inputs.in.string()}));
    INFO(r.standardOutput << r.standardError);
    CHECK(r.exitCode == 1);
    CHECK_THAT(r.standardError, Catch::Contains("faltung-render: " + (inputs.in / "broken.wav").string() +
                                                ": not a recognised audio file"));
    CHECK_THAT(r.standardError, Catch::Contains("faltung-render: " + (inputs.in / "empty.wav").string() +
                                                ": contains no audio (zero length)"));
    CHECK_THAT(r.standardError,
               Catch::Contains("faltung-render: " + (inputs.in / "nan.wav").string() + ": "));
    CHECK(std::count(r.standardError.begin(), r.standardError.end(), '\n') == 3);
    CHECK_THAT(r.standardOutput,
               Catch::StartsWith("Rendered 2 of 5 files") && Catch::EndsWith("; 3 failed\n"));
    // Only the complete outputs, and no temporary file.
    CHECK(filesUnder(out) == std::vector<std::string>{"a-wet.wav", "b-wet.wav"});
}

TEST_CASE("A batch never replaces an input, and replaces an existing output only with --overwrite")
{
    Inputs inputs;
    const auto out = inputs.folder.path() / "out";
    REQUIRE(runRender(inputs.batch(out, {inputs.in.string()})).exitCode == 0);
    const auto before = slurp(out / "a-wet.wav");
    fs::remove(out / "b-wet.wav");
    std::ofstream(out / "a-wet.wav", std::ios::binary) << "the user's own file";

    // a-wet.wav exists: refused and left alone; b renders.
    const auto again = runRender(inputs.batch(out, {inputs.in.string()}));
    CHECK(again.exitCode == 1);
    CHECK(again.standardError == "faltung-render: " + (inputs.in / "a.wav").string() + ": " +
                                     (out / "a-wet.wav").string() +
                                     " exists (add --overwrite to replace it)\n");
    CHECK(slurp(out / "a-wet.wav") == "the user's own file");
    CHECK(fs::exists(out / "b-wet.wav"));

    const auto overwrite = runRender(inputs.batch(out, {"--overwrite", inputs.in.string()}));
    CHECK(overwrite.exitCode == 0);
    CHECK(slurp(out / "a-wet.wav") == before);

    // Outputs into the inputs' own folder with no suffix would be the inputs.
    const auto a = slurp(inputs.in / "a.wav");
    const auto onto = runRender(inputs.batch(inputs.in, {"--overwrite", "--suffix", "", inputs.in.string()}));
    CHECK(onto.exitCode == 1);
    CHECK_THAT(onto.standardError,
               Catch::Contains((inputs.in / "a.wav").string() + " would replace an input file"));
    CHECK(slurp(inputs.in / "a.wav") == a);
    // Nor does a single render write over its input.
    const auto single = runRender(
        {"--ir", inputs.ir.string(), (inputs.in / "a.wav").string(), (inputs.in / "a.wav").string()});
    CHECK(single.exitCode == 1);
    CHECK(slurp(inputs.in / "a.wav") == a);
}

TEST_CASE("An output folder that cannot be made stops a batch with one line, and batch options need one")
{
    Inputs inputs;
    const auto file = inputs.folder.writeText("taken", "a file where the folder would go");
    const auto r = runRender(inputs.batch(fs::path(file) / "out", {inputs.in.string()}));
    CHECK(r.exitCode == 1);
    CHECK_THAT(r.standardError,
               Catch::StartsWith("faltung-render: error: " + (fs::path(file) / "out").string() +
                                 ": cannot be made into the output folder"));
    CHECK(std::count(r.standardError.begin(), r.standardError.end(), '\n') == 1);

    const auto usage = runRender({"--ir", inputs.ir.string(), "--recursive", "a.wav", "b.wav"});
    CHECK(usage.exitCode == 2);
    CHECK_THAT(usage.standardError, Catch::StartsWith("faltung-render: --recursive is for batches"));
}

TEST_CASE("Ctrl-C or SIGTERM stops a batch and leaves no temporary or partial file")
{
    Inputs inputs;
    // Long inputs: eight names for one minute of audio.
    const auto minute = inputs.folder.path() / "minute.wav";
    writeWavFile(minute.string(), noise(48000, 2, 48000 * 60, 7), WavSampleFormat::pcm24);
    const auto many = inputs.folder.path() / "many";
    fs::create_directories(many);
    for (int i = 0; i < 8; ++i)
        fs::create_symlink(minute, many / ("take" + std::to_string(i) + ".wav"));

    for (int s : {SIGINT, SIGTERM})
    {
        CAPTURE(s);
        const auto out = inputs.folder.path() / ("out" + std::to_string(s));
        Background render(inputs.batch(out, {"--jobs", "2", "--partition", "64", many.string()}),
                          inputs.folder.path() / "log");
        // Signalled while outputs are being written: as soon as one is there.
        const auto start = std::chrono::steady_clock::now();
        auto writing = [&]
        {
            std::error_code ec;
            for (const auto& e : fs::directory_iterator(out, ec))
                if (e.path().filename().string().front() == '.')
                    return true;
            return false;
        };
        while (!writing())
        {
            REQUIRE(std::chrono::steady_clock::now() - start < std::chrono::seconds(60));
            std::this_thread::yield();
        }
        render.signal(s);
        CHECK(render.wait() == 128 + s);
        CHECK_THAT(slurp(inputs.folder.path() / "log"),
                   Catch::EndsWith("faltung-render: interrupted; unfinished output files were removed\n"));
        // What is left is complete outputs only, fewer than all.
        const auto left = filesUnder(out);
        CHECK(left.size() < 8);
        for (const auto& name : left)
        {
            CHECK(name.front() != '.');
            CHECK(readAudioFile((out / name).string()).length() == 48000 * 60 + 24000 - 1);
        }
    }
}
