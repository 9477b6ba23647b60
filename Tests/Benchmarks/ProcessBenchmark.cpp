// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// faltung-process-benchmark: the programs a user runs, whole, in one run: the built
// faltung-render against fconvolver (zita-convolver's file convolver, Debian package
// jconvolver) on the same files, measured as each process's CPU time over all its
// threads (wait4's rusage) and wall time. Prints a table and writes JSON; it never
// passes or fails on speed.
//
// The work: 48 kHz stereo input through a 3 s stereo room at partition 128 (the
// measured stairwell in ../shared/ir when it is there, else the factory Concert Hall),
// as one 60 s file, one 1 s file, and a batch of 100 files of 2 to 10 s. fconvolver
// stops at the end of its input, so it is given each input with the IR's length of
// silence added: both programs then write the same tail. Each measurement is repeated
// and the median kept, the programs taking turns.
#include "AudioFileIo.h"
#include "FactoryLibrary.h"
#include "ImpulseResponse.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <spawn.h>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

extern char** environ;

using namespace faltung;
namespace fs = std::filesystem;

namespace
{
constexpr double kRate = 48000.0;
constexpr int kPartition = 128;

struct Usage
{
    double cpu = 0.0; // user + system, all threads
    double wall = 0.0;
};

// Runs a program to its end with its output thrown away; its CPU time over all threads.
Usage run(const std::vector<std::string>& command, const std::vector<std::string>& environment = {})
{
    std::vector<std::string> args = command;
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<std::string> env;
    for (char** e = environ; *e != nullptr; ++e)
        env.emplace_back(*e);
    env.insert(env.end(), environment.begin(), environment.end());
    std::vector<char*> envp;
    for (auto& e : env)
        envp.push_back(e.data());
    envp.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    const auto start = std::chrono::steady_clock::now();
    pid_t pid = 0;
    if (posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data()) != 0)
        throw std::runtime_error("cannot run " + command[0]);
    posix_spawn_file_actions_destroy(&actions);
    int status = 0;
    rusage usage{};
    wait4(pid, &status, 0, &usage);
    Usage u;
    u.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    u.cpu = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
            static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1e-6;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        throw std::runtime_error(command[0] + " failed (status " + std::to_string(status) + ")");
    return u;
}

Usage sum(const std::vector<Usage>& parts)
{
    Usage total;
    for (const auto& p : parts)
        total.cpu += p.cpu, total.wall += p.wall;
    return total;
}

Usage median(std::vector<Usage> runs)
{
    auto middle = [&](auto member)
    {
        std::vector<double> v;
        for (const auto& r : runs)
            v.push_back(r.*member);
        std::sort(v.begin(), v.end());
        return v[v.size() / 2];
    };
    return {middle(&Usage::cpu), middle(&Usage::wall)};
}

// Seeded noise with a slow random envelope, as music has loud and quiet passages.
AudioData signal(double seconds, unsigned seed, double padSeconds = 0.0)
{
    std::mt19937 rng(seed);
    std::normal_distribution<float> noise(0.0f, 0.1f);
    const auto length = static_cast<std::size_t>(seconds * kRate);
    AudioData a;
    a.sampleRate = kRate;
    a.channels.assign(2, std::vector<float>(length + static_cast<std::size_t>(padSeconds * kRate), 0.0f));
    for (auto& c : a.channels)
        for (std::size_t i = 0; i < length; ++i)
            c[i] = noise(rng) * static_cast<float>(0.6 + 0.4 * std::sin(static_cast<double>(i) * 3e-5));
    return a;
}

struct Files
{
    fs::path folder;
    fs::path ir;
    double irSeconds = 0.0;
    std::string irName;
};

// The room, at 48 kHz, as a WAV file both programs read.
Files writeRoom(const fs::path& folder)
{
    Files f;
    f.folder = folder;
    f.ir = folder / "room.wav";
    const fs::path measured = fs::path(FALTUNG_SHARED_IR_DIR) / "openair-stairwell-3s-44k1.wav";
    ImpulseResponse ir;
    if (fs::exists(measured))
    {
        ir = resampledTo(loadImpulseResponse(measured.string()), kRate);
        f.irName = "measured stairwell (OpenAIR), resampled to 48 kHz";
    }
    else
    {
        ir = resampledTo(factory::loadFactoryImpulseResponse("concert-hall"), kRate);
        f.irName = "factory Concert Hall (../shared/ir absent)";
    }
    AudioData a;
    a.sampleRate = kRate;
    a.channels = ir.channels;
    writeWavFile(f.ir.string(), a, WavSampleFormat::float32);
    f.irSeconds = ir.seconds();
    return f;
}

void writeFconvolverConfig(const Files& f, const fs::path& config)
{
    std::ofstream out(config);
    out << "/convolver/new 2 2 " << kPartition << " " << static_cast<long>(std::ceil(f.irSeconds * kRate))
        << "\n"
        << "/impulse/read 1 1 1 0 0 0 1 " << f.ir.string() << "\n"
        << "/impulse/read 2 2 1 0 0 0 2 " << f.ir.string() << "\n";
}

struct Row
{
    std::string work;
    Usage faltung, fconvolver;
    bool hasPeer = true;
};

void printTable(const std::vector<Row>& rows)
{
    std::printf("\n| work | faltung-render CPU | wall | fconvolver CPU | wall | CPU ratio |\n");
    std::printf("| --- | --- | --- | --- | --- | --- |\n");
    for (const auto& r : rows)
    {
        if (r.hasPeer)
            std::printf("| %s | %.3f s | %.3f s | %.3f s | %.3f s | %.2f |\n", r.work.c_str(), r.faltung.cpu,
                        r.faltung.wall, r.fconvolver.cpu, r.fconvolver.wall,
                        r.faltung.cpu / r.fconvolver.cpu);
        else
            std::printf("| %s | %.3f s | %.3f s | | | |\n", r.work.c_str(), r.faltung.cpu, r.faltung.wall);
    }
}

void writeJson(const std::vector<Row>& rows, const Files& f, int repetitions, const std::string& path)
{
    std::ofstream out(path);
    out << "{\n  \"ir\": \"" << f.irName << "\",\n  \"partition\": " << kPartition
        << ",\n  \"repetitions\": " << repetitions
        << ",\n  \"cores\": " << std::thread::hardware_concurrency() << ",\n  \"rows\": [\n";
    for (std::size_t i = 0; i < rows.size(); ++i)
    {
        const auto& r = rows[i];
        out << "    {\"work\": \"" << r.work << "\", \"faltung_cpu\": " << r.faltung.cpu
            << ", \"faltung_wall\": " << r.faltung.wall;
        if (r.hasPeer)
            out << ", \"fconvolver_cpu\": " << r.fconvolver.cpu
                << ", \"fconvolver_wall\": " << r.fconvolver.wall
                << ", \"cpu_ratio\": " << r.faltung.cpu / r.fconvolver.cpu;
        out << "}" << (i + 1 < rows.size() ? "," : "") << "\n";
    }
    out << "  ]\n}\n";
}
} // namespace

int main(int argc, char** argv)
{
    int repetitions = 5;
    int batchFiles = 100;
    std::string jsonPath = std::string(FALTUNG_BENCHMARK_RESULTS_DIR) + "/whole-process.json";
    for (int i = 1; i < argc; ++i)
    {
        const std::string arg = argv[i];
        if (arg == "--reps" && i + 1 < argc)
            repetitions = std::max(1, std::atoi(argv[++i]));
        else if (arg == "--files" && i + 1 < argc)
            batchFiles = std::max(1, std::atoi(argv[++i]));
        else if (arg == "--json" && i + 1 < argc)
            jsonPath = argv[++i];
        else
        {
            std::fprintf(stderr, "usage: faltung-process-benchmark [--reps N] [--files N] [--json PATH]\n");
            return 2;
        }
    }
    const std::string render = FALTUNG_RENDER_PATH;
    const std::string fconvolver = FALTUNG_FCONVOLVER;

    const fs::path scratch =
        fs::temp_directory_path() / ("faltung-process-benchmark-" + std::to_string(getpid()));
    fs::create_directories(scratch / "batch" / "in");
    fs::create_directories(scratch / "batch" / "padded");
    struct Cleanup
    {
        fs::path path;
        ~Cleanup() { fs::remove_all(path); }
    } cleanup{scratch};

    std::printf("Writing the inputs in %s\n", scratch.c_str());
    const auto files = writeRoom(scratch);
    const auto config = scratch / "fconvolver.conf";
    writeFconvolverConfig(files, config);
    const double pad = files.irSeconds;
    writeWavFile((scratch / "60s.wav").string(), signal(60.0, 1), WavSampleFormat::pcm24);
    writeWavFile((scratch / "60s-padded.wav").string(), signal(60.0, 1, pad), WavSampleFormat::pcm24);
    writeWavFile((scratch / "1s.wav").string(), signal(1.0, 2), WavSampleFormat::pcm24);
    writeWavFile((scratch / "1s-padded.wav").string(), signal(1.0, 2, pad), WavSampleFormat::pcm24);
    std::mt19937 rng(3);
    std::uniform_real_distribution<double> seconds(2.0, 10.0);
    double batchSeconds = 0.0;
    for (int i = 0; i < batchFiles; ++i)
    {
        const double s = seconds(rng);
        batchSeconds += s;
        char name[32];
        std::snprintf(name, sizeof name, "take%03d.wav", i);
        writeWavFile((scratch / "batch" / "in" / name).string(), signal(s, 100u + static_cast<unsigned>(i)),
                     WavSampleFormat::pcm24);
        writeWavFile((scratch / "batch" / "padded" / name).string(),
                     signal(s, 100u + static_cast<unsigned>(i), pad), WavSampleFormat::pcm24);
    }

    // faltung-render's FFT wisdom lives in a settings folder of this run's own.
    const auto settings = scratch / "settings";
    const std::vector<std::string> env{"FALTUNG_SETTINGS_FOLDER=" + settings.string()};
    const std::string partition = std::to_string(kPartition);
    auto faltung = [&](const fs::path& in, const fs::path& out) {
        return run({render, "--quiet", "--ir", files.ir.string(), "--partition", partition, in, out}, env);
    };
    auto zita = [&](const fs::path& in, const fs::path& out) {
        return run({fconvolver, "-V", "-M", config.string(), in.string(), out.string()});
    };
    const auto out = scratch / "out.wav";

    std::vector<Row> rows;
    {
        // A new machine: no wisdom yet. Once, as a user meets it once.
        Row first{"first render on a new machine, 1 s of audio", faltung(scratch / "1s.wav", out), {}, false};
        rows.push_back(first);
    }
    std::printf("IR: %s, %.2f s; %d repetitions; %d files of 2 to 10 s (%.0f s of audio) in the batch\n",
                files.irName.c_str(), files.irSeconds, repetitions, batchFiles, batchSeconds);

    std::vector<Usage> f60, z60, f1, z1, fBatch, fEach, zEach;
    std::vector<std::string> batchNames;
    for (const auto& e : fs::directory_iterator(scratch / "batch" / "in"))
        batchNames.push_back(e.path().filename().string());
    std::sort(batchNames.begin(), batchNames.end());
    for (int r = 0; r < repetitions; ++r)
    {
        std::printf("repetition %d of %d\n", r + 1, repetitions);
        std::fflush(stdout);
        f60.push_back(faltung(scratch / "60s.wav", out));
        z60.push_back(zita(scratch / "60s-padded.wav", out));
        f1.push_back(faltung(scratch / "1s.wav", out));
        z1.push_back(zita(scratch / "1s-padded.wav", out));
        const auto batchOut = scratch / "batch" / "out";
        fs::remove_all(batchOut);
        fBatch.push_back(run({render, "--quiet", "--ir", files.ir.string(), "--partition", partition,
                              "--output-dir", batchOut.string(), (scratch / "batch" / "in").string()},
                             env));
        std::vector<Usage> each, eachZita;
        for (const auto& name : batchNames)
        {
            each.push_back(faltung(scratch / "batch" / "in" / name, out));
            eachZita.push_back(zita(scratch / "batch" / "padded" / name, out));
        }
        fEach.push_back(sum(each));
        zEach.push_back(sum(eachZita));
    }
    rows.push_back({"60 s of audio, one file", median(f60), median(z60)});
    rows.push_back({"1 s of audio, one file", median(f1), median(z1)});
    const std::string batch = std::to_string(batchFiles) + " files of 2 to 10 s";
    rows.push_back({batch + ", one process each", median(fEach), median(zEach)});
    rows.push_back({batch + ", faltung-render --output-dir (all cores)", median(fBatch), median(zEach)});

    printTable(rows);
    std::printf("\nCPU: user + system time of the whole process, all threads (wait4). fconvolver -V -M, "
                "partition %d, its inputs padded with %.2f s of silence so that it writes the tail too; "
                "medians of %d runs taken in turns.\n",
                kPartition, pad, repetitions);
    writeJson(rows, files, repetitions, jsonPath);
    std::printf("JSON: %s\n", jsonPath.c_str());
    return 0;
}
