// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// faltung-render: renders audio files through an impulse response offline, with
// the plugin's engine and controls. See CommandLine::usage() or --help.
#include "AudioFileIo.h"
#include "BatchRender.h"
#include "CommandLine.h"
#include "FactoryLibrary.h"
#include "FactoryPresets.h"
#include "Interrupt.h"
#include "IrAnalysis.h"
#include "OfflineRender.h"
#include "ProgressBar.h"
#include "RealFft.h"
#include "UserFolders.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <utility>
#include <vector>

using namespace faltung;

namespace
{

const char* channelsText(int n)
{
    switch (n)
    {
        case 1:
            return "mono";
        case 2:
            return "stereo";
        case 4:
            return "true stereo";
        default:
            return "multichannel";
    }
}

void printReport(const RenderReport& r, const std::string& output, const RenderSettings& settings)
{
    const double realTime = r.outputSeconds + static_cast<double>(r.latencySamples) / r.sampleRate;
    std::printf("  IR:      %s, %s, %.2f s", r.irName.c_str(), channelsText(r.irChannels), r.irSeconds);
    if (r.irFileRate != r.sampleRate)
        std::printf(" (resampled from %.0f Hz)", r.irFileRate);
    std::printf("\n  input:   %s, %.2f s at %.0f Hz\n", channelsText(r.inputChannels), r.inputSeconds,
                r.sampleRate);
    std::printf("  output:  %s, %s, %.2f s with the tail, %s WAV, mix %.0f %%, gain %+.1f dB\n",
                output.c_str(), channelsText(r.outputChannels), r.outputSeconds,
                settings.format == WavSampleFormat::float32 ? "32-bit float" : "24-bit",
                settings.reverb.mix * 100.0, settings.reverb.outputGainDb);
    std::printf("  engine:  %s; latency %d samples (%.1f ms), compensated\n", r.engine.c_str(),
                r.latencySamples, 1000.0 * r.latencySamples / r.sampleRate);
    std::printf("  speed:   engine %.0fx real time; whole render with file I/O %.0fx (%.2f s)\n",
                realTime / std::max(r.engineSeconds, 1e-9), realTime / std::max(r.totalSeconds, 1e-9),
                r.totalSeconds);
    if (r.clippedSamples > 0)
        std::printf(
            "  warning: %lld samples clipped in the 24-bit file; lower --gain or use --format float32\n",
            static_cast<long long>(r.clippedSamples));
}

// The FFT plans the plugin measured on this machine, and the ones this render
// measures, kept for the next (a render with the machine's wisdom plans in
// microseconds; measuring a size takes up to a second, once).
class SharedFftWisdom
{
public:
    explicit SharedFftWisdom(bool quiet)
        : path_(fftWisdomFile())
    {
        useFftWisdomFile(path_);
        if (!quiet)
            setFftMeasuringNotice(
                [this, said = false](int) mutable
                {
                    if (!std::exchange(said, true))
                        std::fprintf(stderr, "Measuring this machine's FFT speed, once (kept in %s)\n",
                                     path_.c_str());
                });
    }
    ~SharedFftWisdom()
    {
        setFftMeasuringNotice({});
        saveFftWisdom();
    }
    SharedFftWisdom(const SharedFftWisdom&) = delete;
    SharedFftWisdom& operator=(const SharedFftWisdom&) = delete;

private:
    std::string path_;
};

// The IR as the plugin would take it: --ir room_L.wav is the pair with room_R.wav.
IrSource irSource(const CommandLine& cl)
{
    return cl.factoryIr.empty() ? IrSource::fromChosenFiles({cl.irPath}) : IrSource::factory(cl.factoryIr);
}

// The renderer's IR pipeline: nothing analysed, no IR folder searched (a path on the
// command line is meant as it is).
IrPipeline renderPipeline()
{
    return IrPipeline({.irFolder = {}, .analyse = false, .limits = {}});
}

// What a program interrupted by a signal returns, as shells expect.
int interruptedExit(const Interrupt& interrupt)
{
    std::fprintf(stderr, "faltung-render: interrupted; unfinished output files were removed\n");
    return 128 + interrupt.signal();
}

bool sameFile(const std::string& a, const std::string& b)
{
    std::error_code ec;
    return std::filesystem::equivalent(a, b, ec);
}

int render(const CommandLine& cl, const Interrupt& interrupt)
{
    if (sameFile(cl.inputPath, cl.outputPath))
        throw AudioFileError(cl.outputPath, "is the input: the output would replace it");
    SharedFftWisdom wisdom(cl.quiet);
    auto irs = renderPipeline();
    AudioFileReader input(cl.inputPath);
    OfflineRenderer renderer(irs, irSource(cl), cl.settings);
    ProgressBar progress(!cl.quiet);
    const auto report = renderer.render(
        input, cl.outputPath, [&](double f) { progress.update(f); }, &interrupt.flag());
    progress.finish();
    if (!cl.quiet)
    {
        std::printf("Rendered %s through %s\n", cl.inputPath.c_str(), report.irName.c_str());
        printReport(report, cl.outputPath, cl.settings);
    }
    return 0;
}

// 75 s as "1 min 15 s", 1.37 s as "1.4 s".
std::string minutesAndSeconds(double seconds)
{
    char text[32];
    if (const auto s = static_cast<long>(std::lround(seconds)); s >= 60)
        std::snprintf(text, sizeof text, "%ld min %ld s", s / 60, s % 60);
    else
        std::snprintf(text, sizeof text, "%.1f s", seconds);
    return text;
}

// --output-dir: many files and folders, each into its own output; a file that
// fails is named and the others still render.
int renderFiles(const CommandLine& cl, const Interrupt& interrupt)
{
    const auto started = std::chrono::steady_clock::now();
    std::error_code ec;
    std::filesystem::create_directories(cl.outputDir, ec);
    if (!std::filesystem::is_directory(cl.outputDir))
        throw AudioFileError(cl.outputDir,
                             "cannot be made into the output folder" +
                                 (ec ? " (" + ec.message() + ")" : std::string(" (it is a file)")));
    const auto plan = planBatch(cl.inputs, cl.outputDir, cl.suffix, cl.recursive, cl.overwrite);
    for (const auto& r : plan.refused)
        std::fprintf(stderr, "faltung-render: %s: %s\n", r.input.c_str(), r.reason.c_str());
    const int files = static_cast<int>(plan.items.size() + plan.refused.size());

    BatchOutcome outcome;
    if (!plan.items.empty())
    {
        SharedFftWisdom wisdom(cl.quiet);
        auto irs = renderPipeline();
        const auto ir = irSource(cl);
        irs.prepare(ir, cl.settings.edits, std::nullopt); // a bad IR is one message, not one per file
        ProgressBar progress(!cl.quiet);
        const int jobs =
            cl.jobs > 0 ? cl.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
        outcome = renderBatch(plan.items, irs, ir, cl.settings, jobs, interrupt.flag(), progress,
                              [](const std::string& failure)
                              { std::fprintf(stderr, "faltung-render: %s\n", failure.c_str()); });
    }
    if (outcome.interrupted)
        return interruptedExit(interrupt);

    const int failed = outcome.failed + static_cast<int>(plan.refused.size());
    if (!cl.quiet)
    {
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        std::printf("Rendered %d of %d files (%s of audio) into %s in %.1f s", outcome.rendered, files,
                    minutesAndSeconds(outcome.audioSeconds).c_str(), cl.outputDir.c_str(), seconds);
        if (failed > 0)
            std::printf("; %d failed", failed);
        std::printf("\n");
    }
    return failed > 0 ? 1 : 0;
}

// faltung-render --info: what a user wants to know about an IR before using it.
int printInfo(const CommandLine& cl)
{
    IrPipeline irs({.irFolder = {}, .analyse = true, .limits = {}});
    const auto prepared = irs.prepare(IrSource::fromChosenFiles({cl.irPath}), {}, std::nullopt);
    const auto& ir = *prepared.decoded;
    const auto& a = prepared.decodedAnalysis;
    auto seconds = [](double s)
    {
        char text[32];
        if (std::isfinite(s))
            std::snprintf(text, sizeof text, "%.2f s", s);
        else
            std::snprintf(text, sizeof text, "n/a");
        return std::string(text);
    };
    std::printf("%s\n", cl.irPath.c_str());
    if (prepared.found.isPair())
        std::printf("  pair:     left %s, right %s\n", prepared.found.file.path.c_str(),
                    prepared.found.rightFile.path.c_str());
    std::printf("  format:   %s, %s (%d channels), %.0f Hz\n", ir.format.c_str(),
                channelsText(ir.numChannels()), ir.numChannels(), ir.sampleRate);
    std::printf("  length:   %.3f s (%d samples)\n", a.lengthSeconds, a.length);
    std::printf("  peak:     %.1f dBFS\n", a.peakDb);
    std::printf("  onset:    %.1f ms\n", a.onsetSeconds * 1000.0);
    if (std::isfinite(a.mixingTimeSeconds))
        std::printf("  mixing:   %.1f ms after the onset (where --split 0 puts the split)\n",
                    a.mixingTimeSeconds * 1000.0);
    else
        std::printf("  mixing:   not diffuse within 300 ms (--split 0 puts the split at 80 ms)\n");
    std::printf("  RT60:     %s (broadband)\n", seconds(a.rt60Seconds).c_str());
    std::printf("  octave:  ");
    for (double f : kOctaveBandCentres)
    {
        if (f < 1000)
            std::printf(" %6.0f Hz", f);
        else
            std::printf(" %5.0f kHz", f / 1000);
    }
    std::printf("\n  RT60:    ");
    for (double t : a.rt60PerOctave)
        std::printf(" %9s", seconds(t).c_str());
    std::printf("\n");
    return 0;
}

int renderDemo(const CommandLine& cl, const Interrupt& interrupt)
{
    SharedFftWisdom wisdom(cl.quiet);
    auto irs = renderPipeline();
    auto input = factory::openDemoPhrase();
    OfflineRenderer renderer(
        irs, IrSource::factory(cl.factoryIr.empty() ? factory::kDefaultFactoryIrId : cl.factoryIr.c_str()),
        cl.settings);
    ProgressBar progress(!cl.quiet);
    const auto report = renderer.render(
        *input, cl.outputPath, [&](double f) { progress.update(f); }, &interrupt.flag());
    progress.finish();
    if (!cl.quiet)
    {
        std::printf("Faltung demo: the bundled dry phrase through the factory IR \"%s\"\n",
                    report.irName.c_str());
        printReport(report, cl.outputPath, cl.settings);
    }
    return 0;
}
} // namespace

int main(int argc, char** argv)
{
    const std::vector<std::string> args(argv + 1, argv + argc);
    CommandLine cl;
    try
    {
        cl = CommandLine::parse(args);
    }
    catch (const UsageError& e)
    {
        std::fprintf(stderr, "faltung-render: %s\nTry 'faltung-render --help'.\n", e.what());
        return 2;
    }

    // Before any other thread starts: a signal then only raises the flag that renders
    // check, and they remove what they have not finished.
    Interrupt interrupt;
    try
    {
        switch (cl.action)
        {
            case CommandLine::Action::help:
                std::fputs(CommandLine::usage().c_str(), stdout);
                return 0;
            case CommandLine::Action::version:
                std::printf("faltung-render %s\n", FALTUNG_VERSION);
                return 0;
            case CommandLine::Action::demo:
                return renderDemo(cl, interrupt);
            case CommandLine::Action::info:
                return printInfo(cl);
            case CommandLine::Action::list:
                std::printf("Factory IRs (--factory ID):\n");
                for (const auto& e : factory::factoryIrCatalog())
                    std::printf("  %-18s %s: %s\n", e.id.c_str(), e.name.c_str(), e.description.c_str());
                std::printf("Factory presets (--preset NAME or ID): the plugin's programs, each a factory IR "
                            "with its settings\n");
                for (const auto& preset : factoryPresets())
                    std::printf("  %-18s %s\n", preset.factoryIrId, preset.name);
                return 0;
            case CommandLine::Action::render:
                return cl.isBatch() ? renderFiles(cl, interrupt) : render(cl, interrupt);
        }
    }
    catch (const RenderCancelled&)
    {
        return interruptedExit(interrupt);
    }
    catch (const std::exception& e)
    {
        std::fprintf(stderr, "faltung-render: error: %s\n", e.what());
    }
    return 1;
}
