// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// faltung-capture: measure a room (or a cabinet) as an impulse response.
//   faltung-capture sweep [options]                         write the sweep to play
//   faltung-capture deconvolve --sweep FILE REC OUT [opts]  the recording of it, to an IR
#include "AudioFileIo.h"
#include "Deconvolution.h"
#include "SweepFile.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

using namespace faltung;

namespace
{
class UsageError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

const char* const kUsage = R"(Usage:
  faltung-capture sweep [options]                    write a sweep file to play in the room
  faltung-capture deconvolve --sweep SWEEP.wav RECORDING OUTPUT [options]
                                                     turn the recording of it into an IR

Measuring a room: play the sweep file through a loudspeaker in the room and record it
with a microphone from the start of the file to its end (any DAW or recorder, at the
sweep's sample rate, with no processing); then deconvolve the recording. The sweep file
carries its own settings, so deconvolve needs only it and the recording.

sweep options:
  --rate HZ           sample rate, 8000 to 384000; default 48000
  --start HZ          start frequency; default 20
  --end HZ            end frequency, up to half the rate; default 20000 (or 0.45 x the rate)
  --length S          the sweep's length, 0.5 to 60 s; default 10
  --level DB          its peak level, -60 to 0 dBFS; default -6
  --fade-in S         raised-cosine fade at its start; default 0.3
  --fade-out S        and at its end; default 0.02
  --silence S         silence after each sweep, for the room's tail; default 4
  --repeats N         sweeps in a row, averaged (4 repeats: 6 dB less noise); default 1
  --click             a click 1 s before the first sweep, to line up takes by eye
  --true-stereo       two channels: every sweep on the left speaker, then on the right
                      (record both with a stereo pair: the IR has 4 channels)
  --output FILE       the sweep file; default sweep.wav. Its inverse filter is written
                      beside it as FILE-inverse.wav (32-bit float), for other tools

deconvolve options:
  --sweep FILE        the sweep file that was played (required)
  --loopback N        the recording's channel N (from 1) is the interface's output wired
                      back to an input: its latency and response are removed
  --max-length S      the longest IR to keep; default: up to where it meets the noise
  --no-normalise      keep the recorded level (default: peak at -1 dBFS)
  --format FORMAT     pcm24 or float32 for a WAV OUTPUT; an OUTPUT ending in .flac is 24-bit FLAC

A recording is refused, with the reason, when it clips, is shorter than the sweep, holds
no sweep, is at another sample rate, or is too close to its noise.
  -h, --help          this text
  --version           the version
)";

double number(const std::string& option, const std::string& text, double low, double high)
{
    double value = 0.0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc() || ptr != end || !std::isfinite(value))
        throw UsageError(option + " expects a number, not '" + text + "'");
    if (value < low || value > high)
    {
        char range[64];
        std::snprintf(range, sizeof range, "%g to %g", low, high);
        throw UsageError(option + " must be from " + range + ", not " + text);
    }
    return value;
}

// The arguments of one command, one at a time; value() takes the option's value.
class Arguments
{
public:
    explicit Arguments(const std::vector<std::string>& args)
        : args_(args)
    {
    }
    bool next() { return ++at_ < args_.size(); }
    const std::string& current() const { return args_[at_]; }
    const std::string& value()
    {
        if (at_ + 1 >= args_.size())
            throw UsageError(current() + " needs a value");
        return args_[++at_];
    }
    double number(double low, double high)
    {
        const auto& option = current();
        return ::number(option, value(), low, high);
    }

private:
    const std::vector<std::string>& args_;
    std::size_t at_ = static_cast<std::size_t>(-1);
};

std::string withoutWavExtension(const std::string& path)
{
    const std::filesystem::path p(path);
    return p.extension() == ".wav" || p.extension() == ".WAV" ? (p.parent_path() / p.stem()).string() : path;
}

int sweep(const std::vector<std::string>& args)
{
    SweepSpec spec;
    std::string output = "sweep.wav";
    bool endGiven = false;
    for (Arguments a(args); a.next();)
    {
        const auto& arg = a.current();
        if (arg == "--rate")
            spec.sampleRate = a.number(8000, 384000);
        else if (arg == "--start")
            spec.startHz = a.number(1, 192000);
        else if (arg == "--end")
        {
            spec.endHz = a.number(1, 192000);
            endGiven = true;
        }
        else if (arg == "--length")
            spec.sweepSeconds = a.number(0.5, 60);
        else if (arg == "--level")
            spec.levelDb = a.number(-60, 0);
        else if (arg == "--fade-in")
            spec.fadeInSeconds = a.number(0, 30);
        else if (arg == "--fade-out")
            spec.fadeOutSeconds = a.number(0, 30);
        else if (arg == "--silence")
            spec.silenceSeconds = a.number(0.1, 60);
        else if (arg == "--repeats")
            spec.repeats = static_cast<int>(a.number(1, 16));
        else if (arg == "--click")
            spec.click = true;
        else if (arg == "--true-stereo")
            spec.trueStereo = true;
        else if (arg == "--output" || arg == "-o")
            output = a.value();
        else
            throw UsageError("unknown option or argument " + arg);
    }
    if (!endGiven)
        spec.endHz = std::min(20000.0, 0.45 * spec.sampleRate);
    try
    {
        spec.validate();
    }
    catch (const std::invalid_argument& e)
    {
        throw UsageError(e.what());
    }
    const auto inverse = withoutWavExtension(output) + "-inverse.wav";
    writeSweepFile(output, spec);
    writeInverseFilterFile(inverse, spec);
    const auto layout = layoutOf(spec);
    std::printf(
        "faltung-capture: wrote %s (%s, %.1f s at %.0f Hz: %d sweep%s of %.1f s from %.0f to %.0f Hz at "
        "%.1f dBFS, each followed by %.1f s of silence)\n",
        output.c_str(), spec.trueStereo ? "stereo, left then right" : "mono", layout.length / spec.sampleRate,
        spec.sampleRate, layout.speakers * layout.repeats, layout.speakers * layout.repeats == 1 ? "" : "s",
        spec.sweepSeconds, spec.startHz, spec.endHz, spec.levelDb, spec.silenceSeconds);
    std::printf("  and its inverse filter, %s\n", inverse.c_str());
    std::printf("Play it in the room, record it from start to end at %.0f Hz, then:\n"
                "  faltung-capture deconvolve --sweep %s RECORDING.wav room.wav\n",
                spec.sampleRate, output.c_str());
    return 0;
}

int deconvolve(const std::vector<std::string>& args)
{
    std::string sweepPath;
    std::vector<std::string> files;
    CaptureOptions options;
    WavSampleFormat format = WavSampleFormat::pcm24;
    for (Arguments a(args); a.next();)
    {
        const auto& arg = a.current();
        if (arg == "--sweep")
            sweepPath = a.value();
        else if (arg == "--loopback")
            options.loopbackChannel = static_cast<int>(a.number(1, 64)) - 1;
        else if (arg == "--max-length")
            options.maxSeconds = a.number(0.01, 60);
        else if (arg == "--no-normalise")
            options.normalise = false;
        else if (arg == "--format")
        {
            const auto& v = a.value();
            if (v == "pcm24" || v == "float32")
                format = v == "pcm24" ? WavSampleFormat::pcm24 : WavSampleFormat::float32;
            else
                throw UsageError("--format must be 'pcm24' or 'float32', not '" + v + "'");
        }
        else if (arg.size() > 1 && arg[0] == '-')
            throw UsageError("unknown option " + arg);
        else
            files.push_back(arg);
    }
    if (sweepPath.empty())
        throw UsageError("deconvolve needs --sweep, the sweep file that was played");
    if (files.size() != 2)
        throw UsageError("deconvolve takes the recording and the output file");

    const auto spec = readSweepFile(sweepPath);
    const auto recording = readAudioFile(files[0]);
    const auto result = deconvolveSweepRecording(recording.channels, recording.sampleRate, spec, options);

    AudioData ir;
    ir.sampleRate = result.sampleRate;
    ir.channels = result.ir;
    const std::filesystem::path output(files[1]);
    const bool flac = output.extension() == ".flac" || output.extension() == ".FLAC";
    if (flac)
        writeFlacFile(files[1], ir);
    else
        writeWavFile(files[1], ir, format);

    const auto& r = result.report;
    const char* layouts[] = {"", "mono", "stereo", "", "true stereo (LL, LR, RL, RR)"};
    std::printf("faltung-capture: wrote %s, %s, %.2f s at %.0f Hz\n", files[1].c_str(),
                layouts[std::min<std::size_t>(ir.channels.size(), 4)], ir.length() / ir.sampleRate,
                ir.sampleRate);
    std::printf("  peak to noise: %.1f dB%s\n", r.peakToNoiseDb,
                r.repeatsAveraged > 1
                    ? (" (" + std::to_string(r.repeatsAveraged) + " repeats averaged)").c_str()
                    : "");
    std::printf("  latency:       %d samples (%.1f ms), %s\n", r.latencySamples, 1000.0 * r.latencySeconds,
                r.loopback ? "the interface's, from the loopback"
                           : "where the response begins (with the sound's flight to the microphone)");
    if (r.distortionBelowNoise)
        std::printf("  distortion:    below the noise (under %.1f dB against the linear response)\n",
                    r.distortionDb);
    else
    {
        std::string each;
        for (const auto& h : r.harmonics)
        {
            char text[96];
            if (h.belowNoise)
                std::snprintf(text, sizeof text, "H%d below the noise", h.order);
            else
                std::snprintf(text, sizeof text, "H%d %.1f dB at %.3f s before", h.order, h.levelDb,
                              h.foundSeconds);
            each += (each.empty() ? "" : ", ") + std::string(text);
        }
        std::printf("  distortion:    %.1f dB against the linear response, cut away (%s)\n", r.distortionDb,
                    each.c_str());
    }
    if (std::isfinite(r.rt60Seconds))
        std::printf("  RT60:          %.2f s\n", r.rt60Seconds);
    else
        std::printf("  RT60:          not measurable (the decay is too short or too close to the noise)\n");
    std::printf("  tail:          faded where it meets the noise, at %.2f s%s\n", r.noiseSeconds,
                options.normalise ? "; normalised to -1 dBFS peak" : "");
    return 0;
}
} // namespace

int main(int argc, char** argv)
{
    const std::vector<std::string> args(argv + 1, argv + argc);
    try
    {
        if (args.empty())
            throw UsageError("say what to do: sweep or deconvolve");
        if (args[0] == "-h" || args[0] == "--help")
        {
            std::fputs(kUsage, stdout);
            return 0;
        }
        if (args[0] == "--version")
        {
            std::printf("faltung-capture %s\n", FALTUNG_VERSION);
            return 0;
        }
        const std::vector<std::string> rest(args.begin() + 1, args.end());
        if (args[0] == "sweep")
            return sweep(rest);
        if (args[0] == "deconvolve")
            return deconvolve(rest);
        throw UsageError("unknown command " + args[0] + " (sweep or deconvolve)");
    }
    catch (const UsageError& e)
    {
        std::fprintf(stderr, "faltung-capture: %s\nTry 'faltung-capture --help'.\n", e.what());
        return 2;
    }
    catch (const std::exception& e)
    {
        std::fprintf(stderr, "faltung-capture: error: %s\n", e.what());
        return 1;
    }
}
