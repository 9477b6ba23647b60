// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// The plugin and faltung-render side by side: the same parameters with the same
// ranges, and the same output for the same settings. Both are made from one table
// (ParameterTable.h); these tests read the plugin's parameters as a host sees them
// and run the built renderer as a user does, so a range or a choice changed in one
// of them alone, or a field mapped differently, fails here.
#include "AudioFileIo.h"
#include "ParameterRange.h"
#include "ParameterTable.h"
#include "PluginTestUtilities.h"
#include "RealFft.h"
#include "RunCommand.h"
#include "TestFiles.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <fftw3.h>
#include <limits>
#include <mutex>

using namespace faltung;
using namespace faltung::test;

namespace
{
constexpr double kRate = 48000.0;

// The shortest text that reads back as the same number, as a user would type it.
// The shortest text that reads back as this value, in its own type: a range's
// float end 0.3f is "0.3", as the help prints it; as a double, 0.30000001192092896.
template <typename Number>
std::string numberText(Number value)
{
    char text[32];
    const auto [end, ec] = std::to_chars(text, text + sizeof text, value);
    REQUIRE(ec == std::errc());
    return std::string(text, end);
}

AudioData audio(double rate, std::vector<std::vector<float>> channels)
{
    AudioData a;
    a.sampleRate = rate;
    a.channels = std::move(channels);
    return a;
}

// Noise that decays by 60 dB over its length, like a room.
std::vector<std::vector<float>> roomLikeIr(int channels, int length, unsigned seed, int leadingSilence = 0)
{
    auto ir = randomSignal(channels, length, seed, 0.5f);
    for (auto& c : ir)
    {
        for (int i = 0; i < length; ++i)
            c[static_cast<std::size_t>(i)] *= static_cast<float>(std::pow(10.0, -3.0 * i / length));
        c.insert(c.begin(), static_cast<std::size_t>(leadingSilence), 0.0f);
    }
    return ir;
}

// faltung-render, with the FFT wisdom in `settingsFolder` (see the null test).
CommandResult render(const std::string& settingsFolder, const std::vector<std::string>& args)
{
    std::vector<std::string> all{"FALTUNG_SETTINGS_FOLDER=" + settingsFolder, FALTUNG_RENDER_PATH};
    all.insert(all.end(), args.begin(), args.end());
    return runCommand("env", all);
}

// A small render that succeeds unless an option is refused.
class RenderProbe
{
public:
    RenderProbe()
    {
        writeWavFile(ir_, audio(kRate, roomLikeIr(1, 500, 1)), WavSampleFormat::float32);
        writeWavFile(input_, audio(kRate, randomSignal(1, 1000, 2)), WavSampleFormat::float32);
    }

    CommandResult run(const std::vector<std::string>& options) const
    {
        std::vector<std::string> args{"--quiet", "--ir", ir_, input_, output_};
        args.insert(args.end(), options.begin(), options.end());
        return render(folder_.file("settings"), args);
    }
    void requireAccepted(const std::vector<std::string>& options) const
    {
        const auto r = run(options);
        INFO("faltung-render " << options.front() << (options.size() > 1 ? " " + options[1] : std::string())
                               << ": " << r.standardError);
        REQUIRE(r.exitCode == 0);
    }
    void requireRefused(const std::vector<std::string>& options) const
    {
        const auto r = run(options);
        INFO("faltung-render " << options.front() << " " << options[1] << ": " << r.standardError);
        REQUIRE(r.exitCode == 2);
        CHECK_THAT(r.standardError, Catch::Contains(options.front()));
    }

private:
    ScratchFolder folder_;
    std::string ir_ = folder_.file("ir.wav");
    std::string input_ = folder_.file("in.wav");
    std::string output_ = folder_.file("out.wav");
};

// The lines of faltung-render's help about one option.
std::string helpAbout(const std::string& help, const std::string& option)
{
    const auto start = help.find("\n  " + option + " ");
    const auto newline = start == std::string::npos ? start : help.find('\n', start + 1);
    REQUIRE(newline != std::string::npos);
    const auto next = help.find("\n  -", newline);
    return help.substr(start + 1, next == std::string::npos ? std::string::npos : next - start - 1);
}

bool isNumber(const juce::String& text)
{
    return text.isNotEmpty() && text.containsOnly("0123456789");
}
} // namespace

TEST_CASE("Every parameter in the table is a plugin parameter with the table's ID, range, default and texts")
{
    juce::ScopedJuceInitialiser_GUI juce;
    FaltungProcessor p;
    const auto& parameters = p.getParameters();
    REQUIRE(static_cast<std::size_t>(parameters.size()) == params::kParameters.size());
    for (std::size_t i = 0; i < params::kParameters.size(); ++i)
    {
        const auto& spec = *params::kParameters[i];
        CAPTURE(spec.id);
        // In the table's order: hosts that address parameters by index keep them.
        auto* parameter = dynamic_cast<juce::RangedAudioParameter*>(parameters[static_cast<int>(i)]);
        REQUIRE(parameter != nullptr);
        CHECK(parameter->getParameterID() == spec.id);
        CHECK(parameter->getVersionHint() == spec.version);
        CHECK(parameter->getName(64) == spec.name);
        CHECK(parameter->isAutomatable() == spec.automatable);
        CHECK(parameter->convertFrom0to1(parameter->getDefaultValue()) == spec.defaultPlainValue());
        const auto& range = parameter->getNormalisableRange();
        switch (spec.kind)
        {
            case params::ParameterKind::continuous:
                CHECK(parameter->getLabel() == spec.unit);
                CHECK(range.start == spec.min);
                CHECK(range.end == spec.max);
                CHECK(range.interval == spec.step);
                if (spec.taper == params::Taper::linear)
                    CHECK(range.skew == 1.0f);
                else
                    CHECK(parameter->convertFrom0to1(0.5f) ==
                          Approx(spec.taper == params::Taper::centred ? spec.centre
                                                                      : std::sqrt(spec.min * spec.max))
                              .epsilon(1e-4)
                              .margin(spec.step / 2)); // snapped to the step
                if (spec.offAt.has_value())
                {
                    const juce::String off = spec.offText != nullptr           ? spec.offText
                                             : juce::String(spec.unit) == "Hz" ? "Off"
                                                                               : "-inf";
                    CHECK(parameter->getText(parameter->convertTo0to1(*spec.offAt), 16) == off);
                    CHECK(parameter->getValueForText(off) == parameter->convertTo0to1(*spec.offAt));
                }
                break;
            case params::ParameterKind::toggle:
                CHECK(parameter->isBoolean());
                break;
            case params::ParameterKind::choice:
                REQUIRE(parameter->getNumSteps() == spec.numChoices());
                for (int c = 0; c < spec.numChoices(); ++c)
                {
                    const float normalised = parameter->convertTo0to1(spec.choicePlainValue(c));
                    CHECK(parameter->getText(normalised, 64) ==
                          spec.choices[static_cast<std::size_t>(c)].text);
                }
                break;
        }
    }
}

// A host restoring a session sets each value through its normalised form; a value
// that moved each time would make a session saved again differ from the one loaded
// (and the renderer's values drift from the plugin's).
TEST_CASE("A value a parameter holds is held unchanged when set again, anywhere on the control")
{
    juce::ScopedJuceInitialiser_GUI juce;
    FaltungProcessor p;
    constexpr int kValues = 100000;
    for (const auto* spec : params::kParameters)
    {
        if (spec->kind != params::ParameterKind::continuous)
            continue;
        CAPTURE(spec->id);
        const auto* parameter = p.parameters().getParameter(spec->id);
        int moved = 0;
        for (int k = 0; k <= kValues; ++k)
        {
            // Plain values spread evenly, as a preset or a typed value gives them.
            const float plain = spec->min + (spec->max - spec->min) * static_cast<float>(k) / kValues;
            const float held = params::heldValue(*spec, plain);
            // Held as the plugin holds it, and set again, by the table and by JUCE.
            if (held != parameter->convertFrom0to1(parameter->convertTo0to1(plain)) ||
                params::heldValue(*spec, held) != held ||
                parameter->convertFrom0to1(parameter->convertTo0to1(held)) != held)
                ++moved;
        }
        CHECK(moved == 0);
    }
}

TEST_CASE("faltung-render takes exactly the plugin's range or choices for each of its parameter options")
{
    juce::ScopedJuceInitialiser_GUI juce;
    FaltungProcessor p;
    const RenderProbe probe;
    const auto help = runCommand(FALTUNG_RENDER_PATH, {"--help"}).standardOutput;

    int options = 0;
    for (const auto* spec : params::kParameters)
    {
        if (spec->option.name == nullptr)
            continue;
        ++options;
        const std::string option = spec->option.name;
        CAPTURE(option);
        // What the plugin takes, as a host sees it.
        auto* parameter = p.parameters().getParameter(spec->id);
        REQUIRE(parameter != nullptr);
        const auto& range = parameter->getNormalisableRange();
        const auto about = helpAbout(help, option);
        if (parameter->isBoolean() && spec->option.valueName == nullptr)
        {
            probe.requireAccepted({option}); // a flag that turns it on
            continue;
        }

        const int steps = parameter->getNumSteps();
        if (!parameter->isBoolean() && !parameter->isDiscrete())
        {
            // Both ends, and not a hair beyond them.
            const double low = range.start, high = range.end;
            const double hair = (high - low) * 1e-4;
            probe.requireAccepted({option, numberText(low)});
            probe.requireAccepted({option, numberText(high)});
            probe.requireRefused({option, numberText(low - hair)});
            probe.requireRefused({option, numberText(high + hair)});
            CHECK_THAT(about,
                       Catch::Contains(numberText(range.start)) && Catch::Contains(numberText(range.end)));
            continue;
        }

        // A choice (or a toggle the renderer names): as many words as the plugin has
        // states, each taken; an unknown one refused. The words may differ from the
        // plugin's texts ("efficient" for "Efficient"); which state each word picks is
        // checked by the null test below.
        std::vector<juce::String> texts;
        for (int i = 0; i < steps; ++i)
            texts.push_back(parameter->getText(static_cast<float>(i) / static_cast<float>(steps - 1), 64));
        REQUIRE(spec->numChoices() == steps);
        for (int i = 0; i < steps; ++i)
        {
            const std::string word(spec->optionWord(i));
            probe.requireAccepted({option, word});
            CHECK_THAT(about, Catch::Contains(word));
        }
        probe.requireRefused({option, "nonsense"});
        // Numbered choices (partition sizes): the renderer takes the plugin's numbers,
        // and none beyond them.
        if (std::all_of(texts.begin(), texts.end(), isNumber))
        {
            for (const auto& text : texts)
                probe.requireAccepted({option, text.toStdString()});
            probe.requireRefused({option, std::to_string(texts.front().getIntValue() / 2)});
            probe.requireRefused({option, std::to_string(texts.back().getIntValue() * 2)});
        }
        if (spec->option.alias != nullptr)
            probe.requireAccepted({spec->option.alias, std::string(spec->optionWord(0))});
    }
    // Every control a render can use: all but bypass.
    CHECK(options == static_cast<int>(params::kParameters.size()) - 1);
}

namespace
{
// One setting, as a user types it for faltung-render and as a host sets it in the
// plugin: written out apart, so that a word mapped to the wrong choice or an
// option driving the wrong field fails.
struct Setting
{
    std::vector<std::string> option;
    juce::ParameterID parameter; // by value: some are made on the spot from the table
    float plainValue;
};

struct NullCase
{
    const char* name;
    int irChannels;
    double irRate = kRate;
    int irLength;
    int irLeadingSilence = 0;
    int inputChannels;
    int partitionSize; // as the settings say
    bool zeroLatency;  // as the settings say
    std::vector<Setting> settings;

    int latency() const { return zeroLatency ? 0 : partitionSize; }
};

// A host block size that is no multiple of any partition size.
constexpr int kOddBlockSize = 173;

struct Difference
{
    float peak = 0.0f;                                         // of the render
    int samples = 0;                                           // that differ at all
    double worstDb = -std::numeric_limits<double>::infinity(); // relative to the peak
};

// The plugin's output, past its latency, against the rendered file.
Difference compare(const juce::AudioBuffer<float>& plugin, int latency, const AudioData& rendered)
{
    Difference d;
    double worst = 0.0;
    for (int ch = 0; ch < rendered.numChannels(); ++ch)
        for (int i = 0; i < static_cast<int>(rendered.length()); ++i)
        {
            const float want = rendered.channels[static_cast<std::size_t>(ch)][static_cast<std::size_t>(i)];
            const float got = plugin.getSample(ch, latency + i);
            d.peak = std::max(d.peak, std::abs(want));
            d.samples += got != want;
            worst = std::max(worst, static_cast<double>(std::abs(got - want)));
        }
    if (worst > 0.0)
        d.worstDb = 20.0 * std::log10(worst / d.peak);
    return d;
}

juce::AudioBuffer<float> bufferOf(const std::vector<std::vector<float>>& channels, int length)
{
    juce::AudioBuffer<float> b(static_cast<int>(channels.size()), length);
    b.clear();
    for (int c = 0; c < b.getNumChannels(); ++c)
        b.copyFrom(c, 0, channels[static_cast<std::size_t>(c)].data(),
                   static_cast<int>(channels[static_cast<std::size_t>(c)].size()));
    return b;
}

// The plugin with the case's settings and IR, prepared as a host bouncing offline
// would: the parameters set before prepareToPlay, which builds the engine from them
// and starts every smoother at its target, as a render starts.
std::unique_ptr<FaltungProcessor> preparedPlugin(const NullCase& c, int blockSize, const std::string& irPath)
{
    auto p = std::make_unique<FaltungProcessor>();
    using Set = juce::AudioChannelSet;
    juce::AudioProcessor::BusesLayout layout;
    layout.inputBuses.add(c.inputChannels == 1 ? Set::mono() : Set::stereo());
    layout.outputBuses.add(Set::stereo());
    REQUIRE(p->setBusesLayout(layout));
    for (const auto& s : c.settings)
        setParameter(*p, s.parameter, s.plainValue);
    p->loadImpulseResponse(IrSource::fromFile(irPath));
    p->setNonRealtime(true); // a bounce: multi-stage workers are waited for
    p->prepareToPlay(kRate, blockSize);
    REQUIRE(p->impulseResponseError().empty());
    REQUIRE(p->getLatencySamples() == c.latency());
    return p;
}
} // namespace

TEST_CASE("faltung-render and the plugin give the same samples for the same settings")
{
    using namespace params;
    // Every control and edit away from its default in one case or the other, true
    // stereo, resampling, mono input, both latency modes, a multi-stage engine.
    const std::vector<NullCase> cases = {
        {.name = "stereo IR at 44.1 kHz, efficient, the reverb controls and most edits",
         .irChannels = 2,
         .irRate = 44100.0,
         .irLength = 22050,
         .inputChannels = 2,
         .partitionSize = 512,
         .zeroLatency = false,
         .settings = {{{"--latency", "efficient"}, latencyMode, 1.0f},
                      {{"--partition", "512"}, partitionSize, partitionStepValue(3)},
                      {{"--mix", "60"}, mix, 60.0f},
                      {{"--dry", "-3.73"}, dryLevel, -3.73f},
                      {{"--wet", "2.5"}, wetLevel, 2.5f},
                      {{"--predelay", "30"}, predelay, 30.0f},
                      {{"--low-cut", "200.04"}, lowCut, 200.04f},
                      {{"--high-cut", "8000.07"}, highCut, 8000.07f},
                      {{"--width", "150"}, width, 150.0f},
                      {{"--gain", "-2"}, outputGain, -2.0f},
                      {{"--trim-start", "20"}, irTrimStart, 20.0f},
                      {{"--trim-end", "100"}, irTrimEnd, 100.0f},
                      {{"--stretch", "150"}, irStretch, 150.0f},
                      {{"--decay", "60"}, irDecay, 60.0f},
                      {{"--reverse"}, irReverse, 1.0f},
                      {{"--attack", "10"}, irAttack, 10.0f},
                      {{"--ir-gain", "-3.3"}, irGain, -3.3f},
                      {{"--eq-low-freq", "150"}, parameterId(spec::eqLowFrequency), 150.0f},
                      {{"--eq-low-gain", "4.5"}, parameterId(spec::eqLowGain), 4.5f},
                      {{"--eq-bell-freq", "2500"}, parameterId(spec::eqBellFrequency), 2500.0f},
                      {{"--eq-bell-gain", "-6"}, parameterId(spec::eqBellGain), -6.0f},
                      {{"--eq-bell-q", "2.2"}, parameterId(spec::eqBellQ), 2.2f},
                      {{"--eq-high-freq", "7000"}, parameterId(spec::eqHighFrequency), 7000.0f},
                      {{"--eq-high-gain", "-3"}, parameterId(spec::eqHighGain), -3.0f},
                      {{"--duck", "9"}, parameterId(spec::duckAmount), 9.0f},
                      {{"--duck-threshold", "-25"}, parameterId(spec::duckThreshold), -25.0f},
                      {{"--duck-release", "450"}, parameterId(spec::duckRelease), 450.0f}}},
        {.name = "true-stereo IR in the other order, zero latency, multi-stage, unnormalised, auto-trimmed, "
                 "early and late parts, damping",
         .irChannels = 4,
         .irLength = 72000,
         .irLeadingSilence = 300,
         .inputChannels = 2,
         .partitionSize = 128,
         .zeroLatency = true,
         .settings = {{{"--latency", "zero"}, latencyMode, 0.0f},
                      {{"--partition", "128"}, partitionSize, partitionStepValue(1)},
                      {{"--true-stereo-order", "LL,RL,LR,RR"}, irTrueStereoOrder, 1.0f},
                      {{"--normalise", "none"}, irNormalise, 0.0f},
                      {{"--auto-trim"}, irAutoTrim, 1.0f},
                      {{"--mix", "100"}, mix, 100.0f},
                      {{"--dry", "-60"}, dryLevel, -60.0f},
                      {{"--width", "50"}, width, 50.0f},
                      {{"--high-cut", "20000"}, highCut, 20000.0f},
                      {{"--decay", "35.5"}, irDecay, 35.5f},
                      {{"--ir-gain", "6"}, irGain, 6.0f},
                      {{"--split", "60"}, parameterId(spec::irSplit), 60.0f},
                      {{"--early", "3"}, parameterId(spec::irEarlyLevel), 3.0f},
                      {{"--late", "-4.5"}, parameterId(spec::irLateLevel), -4.5f},
                      {{"--late-predelay", "25"}, parameterId(spec::irLatePredelay), 25.0f},
                      {{"--damp-low", "150"}, parameterId(spec::irDampLow), 150.0f},
                      {{"--damp-mid", "80"}, parameterId(spec::irDampMid), 80.0f},
                      {{"--damp-high", "50"}, parameterId(spec::irDampHigh), 50.0f},
                      {{"--damp-low-freq", "300"}, parameterId(spec::irDampLowCrossover), 300.0f},
                      {{"--damp-high-freq", "5000"}, parameterId(spec::irDampHighCrossover), 5000.0f}}},
        {.name = "mono input through a stereo IR, efficient, the largest partition, the tail off at the auto "
                 "split",
         .irChannels = 2,
         .irLength = 30000,
         .inputChannels = 1,
         .partitionSize = 4096,
         .zeroLatency = false,
         .settings = {{{"--latency", "efficient"}, latencyMode, 1.0f},
                      {{"--partition", "4096"}, partitionSize, partitionStepValue(6)},
                      {{"--normalize", "energy"}, irNormalise, 1.0f},
                      {{"--true-stereo-order", "LL,LR,RL,RR"}, irTrueStereoOrder, 0.0f},
                      {{"--mix", "45.5"}, mix, 45.5f},
                      {{"--low-cut", "20"}, lowCut, 20.0f},
                      {{"--predelay", "500"}, predelay, 500.0f},
                      {{"--split", "0"}, parameterId(spec::irSplit), 0.0f},
                      {{"--late", "-60"}, parameterId(spec::irLateLevel), -60.0f}}},
    };

    // Both sides plan their FFTs from the same wisdom: FFTW's measured plans can
    // differ between processes, and round differently. The renders run first, each
    // adding what it measured to one file; then this process forgets any wisdom it
    // has (an earlier test here may have read the user's) and takes that file's.
    ScratchFolder folder;
    const auto settingsFolder = folder.file("settings");
    const auto input = randomSignal(2, 48000, 21);
    std::vector<AudioData> rendered;
    for (std::size_t i = 0; i < cases.size(); ++i)
    {
        const auto& c = cases[i];
        CAPTURE(c.name);
        const auto n = std::to_string(i);
        writeWavFile(folder.file("ir" + n + ".wav"),
                     audio(c.irRate, roomLikeIr(c.irChannels, c.irLength, 30 + static_cast<unsigned>(i),
                                                c.irLeadingSilence)),
                     WavSampleFormat::float32);
        writeWavFile(folder.file("in" + n + ".wav"),
                     audio(kRate, std::vector(input.begin(), input.begin() + c.inputChannels)),
                     WavSampleFormat::float32);
        std::vector<std::string> args{"--quiet",
                                      "--format",
                                      "float32",
                                      "--ir",
                                      folder.file("ir" + n + ".wav"),
                                      folder.file("in" + n + ".wav"),
                                      folder.file("out" + n + ".wav")};
        for (const auto& s : c.settings)
            args.insert(args.end(), s.option.begin(), s.option.end());
        const auto r = render(settingsFolder, args);
        INFO(r.standardError);
        REQUIRE(r.exitCode == 0);
        rendered.push_back(readAudioFile(folder.file("out" + n + ".wav")));
    }

    {
        std::lock_guard lock(fftwPlannerMutex());
        fftwf_forget_wisdom();
    }
    REQUIRE(importFftWisdom(settingsFolder + "/fftw3f.wisdom"));
    setenv("FALTUNG_SETTINGS_FOLDER", settingsFolder.c_str(), 1); // the plugin's loader reads the same file
    juce::ScopedJuceInitialiser_GUI juce;
    int rounded = 0; // settings the plugin holds as another float than the one typed
    for (std::size_t i = 0; i < cases.size(); ++i)
    {
        const auto& c = cases[i];
        CAPTURE(c.name);
        const auto& expected = rendered[i];
        REQUIRE(expected.numChannels() == 2);
        // The render is latency compensated and runs to the end of the tail.
        const auto in = bufferOf({input.begin(), input.begin() + c.inputChannels},
                                 c.latency() + static_cast<int>(expected.length()));
        for (const int blockSize : {c.partitionSize, kOddBlockSize})
        {
            CAPTURE(blockSize);
            const auto p = preparedPlugin(c, blockSize, folder.file("ir" + std::to_string(i) + ".wav"));
            if (blockSize == c.partitionSize)
                for (const auto& s : c.settings)
                    rounded += parameterValue(*p, s.parameter) != s.plainValue;
            const auto d = compare(processAll(*p, in, blockSize), c.latency(), expected);
            CHECK(d.peak > 0.01f); // it made sound
            if (c.zeroLatency && blockSize % c.partitionSize != 0)
            {
                // With no latency, a host call that is not whole partitions gets the IR's
                // first partition from the direct FIR, where whole aligned blocks (and the
                // renderer's) get it by FFT (see Convolver): the same sums, rounded
                // differently. All else is the same computation.
                CHECK(d.samples > 0);
                CHECK(d.worstDb < -120.0);
            }
            else
                CHECK(d.samples == 0);
        }
    }
    unsetenv("FALTUNG_SETTINGS_FOLDER");
    // Some of the values above are ones a JUCE parameter cannot hold as typed (a low
    // cut of 200.04 Hz holds 200 Hz, the nearest step): the renderer must round them
    // as the plugin does for the outputs to be the same.
    CHECK(rounded >= 3);
}
