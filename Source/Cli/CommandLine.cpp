// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "CommandLine.h"

#include "FactoryPresets.h"
#include "ParameterRange.h"
#include "ParameterTable.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <functional>
#include <utility>

namespace faltung
{

namespace
{
// --demo's mix unless --mix is given: a demo should let the dry phrase be heard.
constexpr float kDemoMixPercent = 40.0f;

// The shortest text that reads back as the same number: 12, -24, 0.5.
std::string formatNumber(double value)
{
    char text[32];
    const auto [end, ec] = std::to_chars(text, text + sizeof text, static_cast<float>(value));
    return ec == std::errc() ? std::string(text, end) : std::to_string(value);
}

double parseNumber(const std::string& option, const std::string& text, double low, double high)
{
    double value = 0.0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc() || ptr != end || !std::isfinite(value))
        throw UsageError(option + " expects a number, not '" + text + "'");
    if (value < low || value > high)
        throw UsageError(option + " must be from " + formatNumber(low) + " to " + formatNumber(high) +
                         ", not " + text);
    return value;
}

// The settings that parameters drive, as RenderSettings holds them.
params::ParameterTargets targetsOf(const RenderSettings& settings)
{
    params::ParameterTargets t;
    t.reverb = settings.reverb;
    t.edits = settings.edits;
    t.latencyMode = settings.latencyMode;
    t.partitionSize = settings.partitionSize;
    return t;
}

void applyTargets(const params::ParameterTargets& t, RenderSettings& settings)
{
    settings.reverb = t.reverb;
    settings.edits = t.edits;
    settings.latencyMode = t.latencyMode;
    settings.partitionSize = t.partitionSize;
}

const params::ParameterSpec* parameterForOption(const std::string& arg)
{
    for (const auto* spec : params::kParameters)
    {
        const auto& o = spec->option;
        if (o.name != nullptr && (arg == o.name || (o.alias != nullptr && arg == o.alias)))
            return spec;
    }
    return nullptr;
}

// "a or b", "a, b or c"
std::string wordsOf(const params::ParameterSpec& spec)
{
    std::string words;
    for (int i = 0; i < spec.numChoices(); ++i)
    {
        if (i > 0)
            words += i + 1 == spec.numChoices() ? " or " : ", ";
        words += spec.optionWord(i);
    }
    return words;
}

// The plain value of a parameter's option: a number in its range (held as the
// plugin would hold it), one of its words, or (a flag) on.
float optionValue(const params::ParameterSpec& spec, const std::string& arg,
                  const std::function<const std::string&()>& value)
{
    if (spec.option.valueName == nullptr)
        return 1.0f;
    const std::string& text = value();
    if (spec.kind == params::ParameterKind::continuous)
        return params::heldValue(spec, static_cast<float>(parseNumber(arg, text, spec.min, spec.max)));
    for (int i = 0; i < spec.numChoices(); ++i)
        if (text == spec.optionWord(i))
            return spec.choicePlainValue(i);
    throw UsageError(arg + " must be " + wordsOf(spec) + ", not '" + text + "'");
}

// "off", or the word the parameter has for it ("auto").
std::string offWord(const params::ParameterSpec& spec)
{
    std::string word = spec.offText != nullptr ? spec.offText : "off";
    std::transform(word.begin(), word.end(), word.begin(), [](unsigned char c) { return std::tolower(c); });
    return word;
}

// "0 to 500 ms", "-60 (off) to 12 dB", "1000 to 20000 Hz (off)", "0 (auto) to 300 ms"
std::string rangeText(const params::ParameterSpec& spec)
{
    const bool offAtMin = spec.offAt.has_value() && *spec.offAt == spec.min;
    const bool offAtMax = spec.offAt.has_value() && *spec.offAt == spec.max;
    const std::string off = " (" + offWord(spec) + ")";
    std::string text = formatNumber(spec.min) + (offAtMin ? off : "") + " to " + formatNumber(spec.max);
    if (*spec.unit != '\0')
        text += std::string(" ") + spec.unit;
    return text + (offAtMax ? off : "");
}

// What faltung-render does without the option.
std::string renderDefaultOf(const params::ParameterSpec& spec)
{
    const float plain = spec.field.read(targetsOf(RenderSettings{}));
    if (spec.kind != params::ParameterKind::continuous)
        return std::string(spec.optionWord(spec.choiceIndex(plain)));
    return spec.isOffAt(plain) ? offWord(spec) : formatNumber(plain);
}

// One option in the help: its name and value, then what it does from column 22
// (on the next line when the name is too long).
std::string helpLine(const std::string& option, const std::string& text)
{
    constexpr std::size_t column = 22;
    std::string line = "  " + option;
    if (line.size() + 2 > column)
    {
        line += '\n';
        line.append(column, ' ');
    }
    else
        line.resize(column, ' ');
    return line + text + '\n';
}

std::string helpOf(const params::ParameterSpec& spec)
{
    std::string text = spec.option.help;
    const std::pair<std::string, std::string> placeholders[] = {{"{min}", formatNumber(spec.min)},
                                                                {"{max}", formatNumber(spec.max)},
                                                                {"{range}", rangeText(spec)},
                                                                {"{choices}", wordsOf(spec)}};
    for (const auto& [name, value] : placeholders)
        for (auto at = text.find(name); at != std::string::npos; at = text.find(name, at + value.size()))
            text.replace(at, name.size(), value);
    if (spec.option.valueName != nullptr)
        text += "; default " + renderDefaultOf(spec);
    if (&spec == &params::spec::mix)
        text += ", demo " + formatNumber(kDemoMixPercent);
    std::string option = spec.option.name;
    if (spec.option.valueName != nullptr)
        option += std::string(" ") + spec.option.valueName;
    return helpLine(option, text);
}

// The help of every parameter's option in these groups, in the table's order.
std::string helpOfParameters(std::initializer_list<params::TargetGroup> groups)
{
    std::string text;
    for (const auto* spec : params::kParameters)
        if (spec->option.name != nullptr &&
            std::find(groups.begin(), groups.end(), spec->field.group) != groups.end())
            text += helpOf(*spec);
    return text;
}
} // namespace

std::string CommandLine::usage()
{
    using params::TargetGroup;
    return R"(Usage:
  faltung-render --ir IR INPUT OUTPUT [options]   render INPUT through IR into OUTPUT (WAV)
  faltung-render --ir IR --output-dir DIR INPUT... [options]
                                                  render many files and folders (see Batches)
  faltung-render --factory ID INPUT OUTPUT [...]  the same through a factory IR (see --list)
  faltung-render --preset NAME INPUT OUTPUT [...] the same through a factory preset: its IR and
                                                  settings, as the plugin's program (see --list)
  faltung-render --list                           list the factory IRs and presets
  faltung-render --info IR                        analyse an IR: length, peak, onset, RT60 per octave
  faltung-render --demo [--output FILE] [options] render the bundled demo through a factory IR
                                                  (writes demo-wet.wav unless --output is given;
                                                  with --preset, through the preset)

Files: IR and INPUT may be WAV, AIFF, FLAC or Ogg Vorbis. The IR has 1, 2 or 4 channels
(4 = true stereo: LL, LR, RL, RR); INPUT has 1 or 2. A mono input through a stereo IR gives
stereo. An IR at another sample rate is resampled to the input's rate. The output has the
input's rate and lasts until the reverb tail has ended; latency is compensated.

Options (the plugin's controls, with the same ranges; given with --preset, they change it):
)" + helpOfParameters({TargetGroup::reverb, TargetGroup::engine}) +
           helpLine("--format FORMAT", "pcm24 (default: 24-bit WAV) or float32 (32-bit float WAV)") + R"(
IR edits (applied to the IR before rendering, as the plugin's IR controls are):
)" + helpOfParameters({TargetGroup::irEdits}) +
           R"(
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
    auto targets = targetsOf(cl.settings); // what the parameters' options set
    bool mixGiven = false;

    // A preset's settings come first, wherever --preset stands: the options given
    // with it change them, as turning a knob after choosing a program does.
    const FactoryPreset* preset = nullptr;
    for (std::size_t i = 0; i + 1 < args.size(); ++i)
        if (args[i] == "--preset")
        {
            preset = findFactoryPreset(args[i + 1]);
            if (preset == nullptr)
                throw UsageError("no factory preset '" + args[i + 1] + "' (--list lists them)");
        }
    if (preset != nullptr)
    {
        for (const auto& [spec, value] : presetValues(*preset))
            spec->field.write(targets, spec->kind == params::ParameterKind::continuous
                                           ? params::heldValue(*spec, value)
                                           : value);
        mixGiven = true;
    }

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
        else if (arg == "--preset")
            value(); // applied above
        else if (arg == "--list")
            cl.action = Action::list;
        else if (arg == "--info")
        {
            cl.action = Action::info;
            cl.irPath = value();
        }
        else if (arg == "--output" || arg == "-o")
            cl.outputPath = value();
        else if (const auto* parameter = parameterForOption(arg))
        {
            parameter->field.write(targets, optionValue(*parameter, arg, value));
            mixGiven = mixGiven || parameter == &params::spec::mix;
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
    if (cl.action == Action::demo && !mixGiven)
        params::spec::mix.field.write(targets, kDemoMixPercent);
    applyTargets(targets, cl.settings);

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
            throw UsageError("--demo uses its own factory IR (or its --preset's); --ir and --factory are "
                             "for rendering your files");
        if (preset != nullptr)
            cl.factoryIr = preset->factoryIrId;
        if (cl.outputPath.empty())
            cl.outputPath = "demo-wet.wav";
        return cl;
    }

    // A preset brings its IR, unless another is given.
    if (preset != nullptr && cl.irPath.empty() && cl.factoryIr.empty())
        cl.factoryIr = preset->factoryIrId;
    if (cl.irPath.empty() == cl.factoryIr.empty())
        throw UsageError("give one impulse response: --ir FILE, --factory ID or --preset NAME");
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
