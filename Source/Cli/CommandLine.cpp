// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "CommandLine.h"

#include <charconv>
#include <cmath>

namespace faltung
{

namespace
{
double parseNumber(const std::string& option, const std::string& text, double low, double high)
{
    double value = 0.0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc() || ptr != end || !std::isfinite(value))
        throw UsageError(option + " expects a number, not '" + text + "'");
    if (value < low || value > high)
        throw UsageError(option + " must be from " + std::to_string(static_cast<int>(low)) + " to " +
                         std::to_string(static_cast<int>(high)) + ", not " + text);
    return value;
}
} // namespace

std::string CommandLine::usage()
{
    return R"(Usage:
  faltung-render --ir IR INPUT OUTPUT [options]   render INPUT through IR into OUTPUT (WAV)
  faltung-render --ir IR --output-dir DIR INPUT... [options]
                                                  render many files and folders (see Batches)
  faltung-render --factory ID INPUT OUTPUT [...]  the same through a factory IR (see --list)
  faltung-render --list                           list the factory IRs
  faltung-render --info IR                        analyse an IR: length, peak, onset, RT60 per octave
  faltung-render --demo [--output FILE] [options] render the bundled demo through a factory IR
                                                  (writes demo-wet.wav unless --output is given)

Files: IR and INPUT may be WAV, AIFF, FLAC or Ogg Vorbis. The IR has 1, 2 or 4 channels
(4 = true stereo: LL, LR, RL, RR); INPUT has 1 or 2. A mono input through a stereo IR gives
stereo. An IR at another sample rate is resampled to the input's rate. The output has the
input's rate and lasts until the reverb tail has ended; latency is compensated.

Options:
  --mix PERCENT       wet share from 0 (dry) to 100 (only reverb); default 100, demo 40
  --dry DB            dry level, -60 (off) to 12 dB; default 0
  --wet DB            wet level, -60 (off) to 12 dB; default 0
  --predelay MS       delay before the reverb, 0 to 500 ms; default 0
  --low-cut HZ        high-pass on the reverb, 20 to 2000 Hz; default off
  --high-cut HZ       low-pass on the reverb, 1000 to 20000 Hz; default off
  --width PERCENT     stereo width of the reverb, 0 (mono) to 200; default 100
  --gain DB           output gain in dB, -60 to 24; default 0
  --partition N       partition size: a power of two from 32 to 8192; default 1024
  --latency MODE      efficient (default) or zero; the output is the same either way

IR edits (applied to the IR before rendering, as the plugin's IR controls are):
  --auto-trim         cut the silence before the direct sound
  --trim-start MS     cut this much from the start (after --auto-trim)
  --trim-end MS       cut this much from the end, with a short fade-out
  --stretch PERCENT   room size, 50 to 200 (time-stretches the IR); default 100
  --decay PERCENT     reverberation time, 10 to 100 % of the IR's own; default 100
  --reverse           play the IR backwards
  --attack MS         fade the IR in over this time; default 0
  --normalise MODE    energy (default: scale the IR to unit energy) or none
  --ir-gain DB        gain of the IR, -24 to 24 dB; default 0
  --true-stereo-order ORDER   channel order of a 4-channel IR: LL,LR,RL,RR (default) or LL,RL,LR,RR
  --format FORMAT     pcm24 (default: 24-bit WAV) or float32 (32-bit float WAV)

Batches: with --output-dir DIR, every INPUT is a file or a folder (its audio files: .wav,
.aif, .aiff, .flac, .ogg), and each is rendered into DIR/NAME-wet.wav, where NAME is the
input's name without its extension (a file found in a subfolder of a folder goes to the
same subfolder of DIR). The IR is prepared once for each sample rate, files render in
parallel, and each output appears only when it is complete. A file that fails is named
with the reason and the others still render; the exit code is 1 if any failed.
  --output-dir DIR    render a batch into DIR (made if missing)
  --suffix TEXT       added to each output's name; default -wet
  --recursive         take the audio files in the folders' subfolders too
  --jobs N            files rendered at once; default one per core
  --overwrite         replace outputs that exist (an input is never replaced)
  --quiet             print nothing but errors
  -h, --help          this text
  --version           the version
)";
}

CommandLine CommandLine::parse(const std::vector<std::string>& args)
{
    CommandLine cl;
    std::vector<std::string> positional;
    bool mixGiven = false;

    for (std::size_t i = 0; i < args.size(); ++i)
    {
        const std::string& arg = args[i];
        auto value = [&]() -> const std::string&
        {
            if (i + 1 >= args.size())
                throw UsageError(arg + " needs a value");
            return args[++i];
        };

        if (arg == "-h" || arg == "--help")
            cl.action = Action::help;
        else if (arg == "--version")
            cl.action = Action::version;
        else if (arg == "--demo")
            cl.action = Action::demo;
        else if (arg == "--ir")
            cl.irPath = value();
        else if (arg == "--factory")
            cl.factoryIr = value();
        else if (arg == "--list")
            cl.action = Action::list;
        else if (arg == "--info")
        {
            cl.action = Action::info;
            cl.irPath = value();
        }
        else if (arg == "--auto-trim")
            cl.settings.edits.autoTrimStart = true;
        else if (arg == "--trim-start")
            cl.settings.edits.trimStartMs = parseNumber(arg, value(), 0, 600000);
        else if (arg == "--trim-end")
            cl.settings.edits.trimEndMs = parseNumber(arg, value(), 0, 600000);
        else if (arg == "--stretch")
            cl.settings.edits.stretch = parseNumber(arg, value(), 50, 200) / 100.0;
        else if (arg == "--decay")
            cl.settings.edits.decay = parseNumber(arg, value(), 10, 100) / 100.0;
        else if (arg == "--reverse")
            cl.settings.edits.reverse = true;
        else if (arg == "--attack")
            cl.settings.edits.attackMs = parseNumber(arg, value(), 0, 10000);
        else if (arg == "--ir-gain")
            cl.settings.edits.gainDb = parseNumber(arg, value(), -24, 24);
        else if (arg == "--true-stereo-order")
        {
            const auto& v = value();
            if (v == "LL,LR,RL,RR")
                cl.settings.edits.trueStereoOrder = TrueStereoOrder::inputsFirst;
            else if (v == "LL,RL,LR,RR")
                cl.settings.edits.trueStereoOrder = TrueStereoOrder::outputsFirst;
            else
                throw UsageError("--true-stereo-order must be LL,LR,RL,RR or LL,RL,LR,RR, not '" + v + "'");
        }
        else if (arg == "--output" || arg == "-o")
            cl.outputPath = value();
        else if (arg == "--mix")
        {
            cl.settings.reverb.mix = static_cast<float>(parseNumber(arg, value(), 0, 100) / 100.0);
            mixGiven = true;
        }
        else if (arg == "--dry")
            cl.settings.reverb.dryLevelDb = static_cast<float>(parseNumber(arg, value(), -60, 12));
        else if (arg == "--wet")
            cl.settings.reverb.wetLevelDb = static_cast<float>(parseNumber(arg, value(), -60, 12));
        else if (arg == "--predelay")
            cl.settings.reverb.predelayMs = static_cast<float>(parseNumber(arg, value(), 0, 500));
        else if (arg == "--low-cut")
            cl.settings.reverb.lowCutHz = static_cast<float>(parseNumber(arg, value(), 20, 2000));
        else if (arg == "--high-cut")
            cl.settings.reverb.highCutHz = static_cast<float>(parseNumber(arg, value(), 1000, 20000));
        else if (arg == "--width")
            cl.settings.reverb.width = static_cast<float>(parseNumber(arg, value(), 0, 200) / 100.0);
        else if (arg == "--gain")
            cl.settings.reverb.outputGainDb = static_cast<float>(parseNumber(arg, value(), -60, 24));
        else if (arg == "--partition")
        {
            const auto n = static_cast<int>(parseNumber(arg, value(), 32, 8192));
            if ((n & (n - 1)) != 0)
                throw UsageError("--partition must be a power of two from 32 to 8192, not " +
                                 std::to_string(n));
            cl.settings.partitionSize = n;
        }
        else if (arg == "--latency")
        {
            const auto& v = value();
            if (v == "efficient")
                cl.settings.latencyMode = LatencyMode::efficient;
            else if (v == "zero")
                cl.settings.latencyMode = LatencyMode::zero;
            else
                throw UsageError("--latency must be 'efficient' or 'zero', not '" + v + "'");
        }
        else if (arg == "--normalise" || arg == "--normalize")
        {
            const auto& v = value();
            if (v == "energy")
                cl.settings.edits.normalise = true;
            else if (v == "none")
                cl.settings.edits.normalise = false;
            else
                throw UsageError(arg + " must be 'energy' or 'none', not '" + v + "'");
        }
        else if (arg == "--format")
        {
            const auto& v = value();
            if (v == "pcm24")
                cl.settings.format = WavSampleFormat::pcm24;
            else if (v == "float32")
                cl.settings.format = WavSampleFormat::float32;
            else
                throw UsageError("--format must be 'pcm24' or 'float32', not '" + v + "'");
        }
        else if (arg == "--output-dir")
            cl.outputDir = value();
        else if (arg == "--suffix")
            cl.suffix = value();
        else if (arg == "--recursive" || arg == "-r")
            cl.recursive = true;
        else if (arg == "--overwrite")
            cl.overwrite = true;
        else if (arg == "--jobs" || arg == "-j")
            cl.jobs = static_cast<int>(parseNumber(arg, value(), 1, 1024));
        else if (arg == "--quiet" || arg == "-q")
            cl.quiet = true;
        else if (arg.size() > 1 && arg[0] == '-')
            throw UsageError("unknown option " + arg);
        else
            positional.push_back(arg);
    }

    if (cl.action == Action::help || cl.action == Action::version || cl.action == Action::list)
        return cl;
    if (cl.action == Action::info)
    {
        if (!positional.empty())
            throw UsageError("--info takes one IR file");
        return cl;
    }

    if (cl.action == Action::demo)
    {
        if (!positional.empty())
            throw UsageError("--demo takes no files (use --output to name the result)");
        if (!cl.irPath.empty() || !cl.factoryIr.empty())
            throw UsageError(
                "--demo uses its own factory IR; --ir and --factory are for rendering your files");
        if (cl.outputPath.empty())
            cl.outputPath = "demo-wet.wav";
        if (!mixGiven)
            cl.settings.reverb.mix = 0.4f;
        return cl;
    }

    if (cl.irPath.empty() == cl.factoryIr.empty())
        throw UsageError("give one impulse response: --ir FILE or --factory ID");
    if (cl.isBatch())
    {
        if (!cl.outputPath.empty())
            throw UsageError("--output names one file; a batch goes into --output-dir");
        if (positional.empty())
            throw UsageError("--output-dir needs input files or folders after the options");
        if (cl.suffix.find('/') != std::string::npos)
            throw UsageError("--suffix cannot hold a '/'");
        cl.inputs = positional;
        return cl;
    }
    for (const auto& [given, option] : {std::pair{cl.recursive, "--recursive"},
                                        {cl.overwrite, "--overwrite"},
                                        {cl.jobs != 0, "--jobs"},
                                        {cl.suffix != "-wet", "--suffix"}})
        if (given)
            throw UsageError(std::string(option) + " is for batches: add --output-dir DIR");
    if (!cl.outputPath.empty())
        positional.push_back(cl.outputPath);
    if (positional.size() != 2)
        throw UsageError("expected an INPUT and an OUTPUT file after the options");
    cl.inputPath = positional[0];
    cl.outputPath = positional[1];
    return cl;
}

} // namespace faltung
