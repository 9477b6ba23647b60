// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// Every parameter of Faltung, declared once. The plugin's parameters (layout,
// reader), the editor's controls and faltung-render's options and help are all
// made from these, so that they cannot disagree.
#pragma once

#include "ParameterSpec.h"

#include <array>

namespace faltung::params
{

// The ends of ranges that mean "off".
inline constexpr float kLowCutOffHz = 20.0f;
inline constexpr float kHighCutOffHz = 20000.0f;
inline constexpr float kLevelOffDb = ReverbProcessor::kSilentLevelDb;

// The partition sizes offered, in the order of the parameter's choices.
inline constexpr int kPartitionSizes[] = {64, 128, 256, 512, 1024, 2048, 4096};
inline constexpr int kNumPartitionSizes = static_cast<int>(std::size(kPartitionSizes));

namespace choices
{
inline constexpr Choice latencyModes[] = {{"Zero latency", "zero"}, {"Efficient", "efficient"}};
inline constexpr Choice partitionSizes[] = {{"64"}, {"128"}, {"256"}, {"512"}, {"1024"}, {"2048"}, {"4096"}};
inline constexpr Choice trueStereoOrders[] = {{"LL LR RL RR", "LL,LR,RL,RR"}, {"LL RL LR RR", "LL,RL,LR,RR"}};
// IR Normalise is a toggle; faltung-render names its two states (off, on).
inline constexpr Choice normalisation[] = {{"Off", "none"}, {"On", "energy"}};
} // namespace choices

namespace spec
{
using fields::number;
using fields::numberIn;
using fields::toggle;
using Targets = ParameterTargets;

inline constexpr ParameterSpec mix{
    .id = "mix",
    .name = "Mix",
    .label = "Mix",
    .tooltip = "Share of reverb in the output (equal-power crossfade), in %",
    .max = 100.0f,
    .step = 0.1f,
    .unit = "%",
    .decimals = 1,
    .defaultValue = 30.0f,
    .field = number<&Targets::reverb, &ReverbSettings::mix, 100>(),
    .option = {"--mix", "PERCENT", "wet share from {min} (dry) to {max} % (only reverb)"},
};

inline constexpr ParameterSpec dryLevel{
    .id = "dryLevel",
    .name = "Dry Level",
    .label = "Dry",
    .tooltip = "Level of the dry signal, in dB",
    .min = kLevelOffDb,
    .max = 12.0f,
    .step = 0.1f,
    .unit = "dB",
    .decimals = 1,
    .offAt = kLevelOffDb,
    .field = number<&Targets::reverb, &ReverbSettings::dryLevelDb>(),
    .option = {"--dry", "DB", "dry level, {range}"},
};

inline constexpr ParameterSpec wetLevel{
    .id = "wetLevel",
    .name = "Wet Level",
    .label = "Wet",
    .tooltip = "Level of the reverb, in dB",
    .min = kLevelOffDb,
    .max = 12.0f,
    .step = 0.1f,
    .unit = "dB",
    .decimals = 1,
    .offAt = kLevelOffDb,
    .field = number<&Targets::reverb, &ReverbSettings::wetLevelDb>(),
    .option = {"--wet", "DB", "wet level, {range}"},
};

inline constexpr ParameterSpec predelay{
    .id = "predelay",
    .name = "Predelay",
    .label = "Predelay",
    .tooltip = "Delay before the reverb starts, in ms",
    .max = static_cast<float>(ReverbProcessor::kMaxPredelayMs),
    .step = 0.1f,
    .taper = Taper::centred,
    .centre = 100.0f,
    .unit = "ms",
    .decimals = 1,
    .field = number<&Targets::reverb, &ReverbSettings::predelayMs>(),
    .option = {"--predelay", "MS", "delay before the reverb, {range}"},
};

// The engine's filters are off at 0 Hz; the controls are off at their far end.
inline constexpr ParameterSpec lowCut{
    .id = "lowCut",
    .name = "Low Cut",
    .label = "Low Cut",
    .tooltip = "High-pass filter on the reverb (12 dB/octave), in Hz; far left is off",
    .min = kLowCutOffHz,
    .max = 2000.0f,
    .step = 0.1f,
    .taper = Taper::logarithmic,
    .unit = "Hz",
    .offAt = kLowCutOffHz,
    .defaultValue = kLowCutOffHz,
    .field = {TargetGroup::reverb,
              [](Targets& t, float hz) noexcept { t.reverb.lowCutHz = hz <= kLowCutOffHz ? 0.0f : hz; },
              [](const Targets& t) noexcept
              { return t.reverb.lowCutHz <= 0.0f ? kLowCutOffHz : t.reverb.lowCutHz; }},
    .option = {"--low-cut", "HZ", "high-pass on the reverb, {range}"},
};

inline constexpr ParameterSpec highCut{
    .id = "highCut",
    .name = "High Cut",
    .label = "High Cut",
    .tooltip = "Low-pass filter on the reverb (12 dB/octave), in Hz; far right is off",
    .min = 1000.0f,
    .max = kHighCutOffHz,
    .step = 0.1f,
    .taper = Taper::logarithmic,
    .unit = "Hz",
    .offAt = kHighCutOffHz,
    .defaultValue = kHighCutOffHz,
    .field = {TargetGroup::reverb,
              [](Targets& t, float hz) noexcept { t.reverb.highCutHz = hz >= kHighCutOffHz ? 0.0f : hz; },
              [](const Targets& t) noexcept
              { return t.reverb.highCutHz <= 0.0f ? kHighCutOffHz : t.reverb.highCutHz; }},
    .option = {"--high-cut", "HZ", "low-pass on the reverb, {range}"},
};

inline constexpr ParameterSpec width{
    .id = "width",
    .name = "Width",
    .label = "Width",
    .tooltip = "Stereo width of the reverb: 0 % is mono, 100 % as recorded, 200 % wider",
    .max = 200.0f,
    .step = 0.1f,
    .unit = "%",
    .defaultValue = 100.0f,
    .field = number<&Targets::reverb, &ReverbSettings::width, 100>(),
    .option = {"--width", "PERCENT", "stereo width of the reverb, {min} (mono) to {max} %"},
};

inline constexpr ParameterSpec outputGain{
    .id = "outputGain",
    .name = "Output Gain",
    .label = "Output",
    .tooltip = "Output gain, in dB",
    .min = -24.0f,
    .max = 12.0f,
    .step = 0.1f,
    .unit = "dB",
    .decimals = 1,
    .field = number<&Targets::reverb, &ReverbSettings::outputGainDb>(),
    .option = {"--gain", "DB", "output gain, {range}"},
};

// Latency mode and partition size rebuild the engine (crossfaded) and change the
// latency the host compensates. They stay automatable so that every host lists
// them (some list only automatable parameters), though few would automate them.
inline constexpr ParameterSpec latencyMode{
    .id = "latencyMode",
    .name = "Latency Mode",
    .label = "Latency",
    .tooltip = "Zero latency: the first partition runs as a direct filter. "
               "Efficient: one partition of latency, less CPU",
    .kind = ParameterKind::choice,
    .choices = choices::latencyModes,
    .field = {TargetGroup::engine,
              [](Targets& t, float index) noexcept
              { t.latencyMode = index >= 0.5f ? LatencyMode::efficient : LatencyMode::zero; },
              [](const Targets& t) noexcept
              { return t.latencyMode == LatencyMode::efficient ? 1.0f : 0.0f; }},
    .option = {"--latency", "MODE", "{choices} (the output is the same either way)"},
};

// Version 2: the plain value became index / 6 (it was the index; see
// migratePartitionIndex in the plugin, which converts old sessions).
inline constexpr ParameterSpec partitionSize{
    .id = "partitionSize",
    .version = 2,
    .name = "Partition Size",
    .label = "Partition",
    .tooltip = "Partition size in samples: larger costs less CPU; the latency in Efficient mode",
    .kind = ParameterKind::choice,
    .unit = "samples",
    .defaultValue = 2,
    .choices = choices::partitionSizes,
    .choiceValue = ChoiceValue::fraction,
    .field = {TargetGroup::engine,
              [](Targets& t, float fraction) noexcept
              {
                  const auto step = std::lround(fraction * static_cast<float>(kNumPartitionSizes - 1));
                  t.partitionSize =
                      kPartitionSizes[std::clamp(static_cast<int>(step), 0, kNumPartitionSizes - 1)];
              },
              [](const Targets& t) noexcept
              {
                  int index = 0;
                  while (index < kNumPartitionSizes - 1 && kPartitionSizes[index] < t.partitionSize)
                      ++index;
                  return static_cast<float>(index) / static_cast<float>(kNumPartitionSizes - 1);
              }},
    .option = {"--partition", "N", "partition size in samples: {choices}"},
};

inline constexpr ParameterSpec bypass{
    .id = "bypass",
    .name = "Bypass",
    .label = "Bypass",
    .tooltip = "Pass the input through, still delayed by the latency",
    .kind = ParameterKind::toggle,
    .field = toggle<&Targets::reverb, &ReverbSettings::bypass>(),
};

// The IR edits (IrEdits.h): automatable; a change rebuilds the kernel in the
// background and crossfades to it.
inline constexpr ParameterSpec irTrimStart{
    .id = "irTrimStart",
    .name = "IR Trim Start",
    .label = "Trim Start",
    .tooltip = "Cut the start of the IR, in ms",
    .max = 2000.0f,
    .step = 0.1f,
    .taper = Taper::centred,
    .centre = 200.0f,
    .unit = "ms",
    .decimals = 1,
    .field = number<&Targets::edits, &IrEdits::trimStartMs>(),
    .option = {"--trim-start", "MS", "cut this much from the start (after --auto-trim), {range}"},
};

inline constexpr ParameterSpec irTrimEnd{
    .id = "irTrimEnd",
    .name = "IR Trim End",
    .label = "Trim End",
    .tooltip = "Cut the end of the IR (with a short fade-out), in ms",
    .max = 20000.0f,
    .step = 1.0f,
    .taper = Taper::centred,
    .centre = 1000.0f,
    .unit = "ms",
    .field = number<&Targets::edits, &IrEdits::trimEndMs>(),
    .option = {"--trim-end", "MS", "cut this much from the end, with a short fade-out, {range}"},
};

inline constexpr ParameterSpec irAutoTrim{
    .id = "irAutoTrim",
    .name = "IR Auto Trim",
    .label = "Auto trim",
    .tooltip = "Cut the silence before the direct sound",
    .kind = ParameterKind::toggle,
    .field = toggle<&Targets::edits, &IrEdits::autoTrimStart>(),
    .option = {"--auto-trim", nullptr, "cut the silence before the direct sound"},
};

inline constexpr ParameterSpec irStretch{
    .id = "irStretch",
    .name = "IR Stretch",
    .label = "Stretch",
    .tooltip = "Room size: stretches the IR in time, in %",
    .min = 50.0f,
    .max = 200.0f,
    .step = 0.1f,
    .taper = Taper::centred,
    .centre = 100.0f,
    .unit = "%",
    .defaultValue = 100.0f,
    .field = number<&Targets::edits, &IrEdits::stretch, 100>(),
    .option = {"--stretch", "PERCENT", "room size, {range} (time-stretches the IR)"},
};

inline constexpr ParameterSpec irDecay{
    .id = "irDecay",
    .name = "IR Decay",
    .label = "Decay",
    .tooltip = "Reverberation time, as a share of the IR's own RT60",
    .min = 10.0f,
    .max = 100.0f,
    .step = 0.1f,
    .unit = "%",
    .defaultValue = 100.0f,
    .field = number<&Targets::edits, &IrEdits::decay, 100>(),
    .option = {"--decay", "PERCENT", "reverberation time, {range} of the IR's own"},
};

inline constexpr ParameterSpec irReverse{
    .id = "irReverse",
    .name = "IR Reverse",
    .label = "Reverse",
    .tooltip = "Play the IR backwards",
    .kind = ParameterKind::toggle,
    .field = toggle<&Targets::edits, &IrEdits::reverse>(),
    .option = {"--reverse", nullptr, "play the IR backwards"},
};

inline constexpr ParameterSpec irAttack{
    .id = "irAttack",
    .name = "IR Attack",
    .label = "Attack",
    .tooltip = "Fade the IR in over this time, in ms",
    .max = 500.0f,
    .step = 0.1f,
    .taper = Taper::centred,
    .centre = 50.0f,
    .unit = "ms",
    .decimals = 1,
    .field = number<&Targets::edits, &IrEdits::attackMs>(),
    .option = {"--attack", "MS", "fade the IR in over this time, {range}"},
};

inline constexpr ParameterSpec irNormalise{
    .id = "irNormalise",
    .name = "IR Normalise",
    .label = "Normalise",
    .tooltip = "Scale every IR to the same energy, so switching keeps the loudness",
    .kind = ParameterKind::toggle,
    .defaultValue = 1.0f,
    .choices = choices::normalisation,
    .field = toggle<&Targets::edits, &IrEdits::normalise>(),
    .option = {"--normalise", "MODE", "scale the IR to unit energy per output, or not: {choices}",
               "--normalize"},
};

inline constexpr ParameterSpec irGain{
    .id = "irGain",
    .name = "IR Gain",
    .label = "IR Gain",
    .tooltip = "Gain of the IR, in dB (after normalisation)",
    .min = -24.0f,
    .max = 24.0f,
    .step = 0.1f,
    .unit = "dB",
    .decimals = 1,
    .field = number<&Targets::edits, &IrEdits::gainDb>(),
    .option = {"--ir-gain", "DB", "gain of the IR, {range}"},
};

// Not automatable: it says how the file is laid out, not how it should sound.
inline constexpr ParameterSpec irTrueStereoOrder{
    .id = "irTrueStereoOrder",
    .name = "IR True-Stereo Order",
    .label = "4-ch order",
    .tooltip = "Channel order of a 4-channel (true stereo) IR file",
    .kind = ParameterKind::choice,
    .choices = choices::trueStereoOrders,
    .automatable = false,
    .field = {TargetGroup::irEdits,
              [](Targets& t, float index) noexcept {
                  t.edits.trueStereoOrder =
                      index >= 0.5f ? TrueStereoOrder::outputsFirst : TrueStereoOrder::inputsFirst;
              },
              [](const Targets& t) noexcept
              { return t.edits.trueStereoOrder == TrueStereoOrder::outputsFirst ? 1.0f : 0.0f; }},
    .option = {"--true-stereo-order", "ORDER", "channel order of a 4-channel IR: {choices}"},
};

// The early and late parts (EarlyLate.h) and damping (Damping.h): IR edits, so a
// change rebuilds the kernel in the background and crossfades to it. Neutral at
// their defaults: 0 dB, no late predelay, 100 %.
inline constexpr ParameterSpec irSplit{
    .id = "irSplit",
    .name = "IR Split",
    .label = "Split",
    .tooltip = "Where the late part begins, in ms after the direct sound; Auto: the IR's mixing time",
    .max = 300.0f,
    .step = 1.0f,
    .taper = Taper::centred,
    .centre = 80.0f,
    .unit = "ms",
    .offAt = 0.0f,
    .offText = "Auto",
    .field = numberIn<&Targets::edits, &IrEdits::parts, &EarlyLateSettings::splitMs>(),
    .option = {"--split", "MS", "where the late part begins after the direct sound, {range}"},
};

inline constexpr ParameterSpec irEarlyLevel{
    .id = "irEarlyLevel",
    .name = "IR Early Level",
    .label = "Early",
    .tooltip = "Level of the early reflections (before the split), in dB",
    .min = static_cast<float>(kPartOffDb),
    .max = 12.0f,
    .step = 0.1f,
    .unit = "dB",
    .decimals = 1,
    .offAt = static_cast<float>(kPartOffDb),
    .field = numberIn<&Targets::edits, &IrEdits::parts, &EarlyLateSettings::earlyLevelDb>(),
    .option = {"--early", "DB", "level of the early reflections, {range}"},
};

inline constexpr ParameterSpec irLateLevel{
    .id = "irLateLevel",
    .name = "IR Late Level",
    .label = "Late",
    .tooltip = "Level of the late tail (after the split), in dB",
    .min = static_cast<float>(kPartOffDb),
    .max = 12.0f,
    .step = 0.1f,
    .unit = "dB",
    .decimals = 1,
    .offAt = static_cast<float>(kPartOffDb),
    .field = numberIn<&Targets::edits, &IrEdits::parts, &EarlyLateSettings::lateLevelDb>(),
    .option = {"--late", "DB", "level of the late tail, {range}"},
};

inline constexpr ParameterSpec irLatePredelay{
    .id = "irLatePredelay",
    .name = "IR Late Predelay",
    .label = "Late Delay",
    .tooltip = "Delay of the late tail alone, away from the early reflections, in ms",
    .max = 250.0f,
    .step = 0.1f,
    .taper = Taper::centred,
    .centre = 40.0f,
    .unit = "ms",
    .decimals = 1,
    .field = numberIn<&Targets::edits, &IrEdits::parts, &EarlyLateSettings::latePredelayMs>(),
    .option = {"--late-predelay", "MS", "delay the late tail alone, {range}"},
};

inline constexpr ParameterSpec irDampLow{
    .id = "irDampLow",
    .name = "IR Damping Low",
    .label = "Low Decay",
    .tooltip = "Decay time below the low crossover, as a share of the IR's own, in %",
    .min = 25.0f,
    .max = 200.0f,
    .step = 0.1f,
    .taper = Taper::centred,
    .centre = 100.0f,
    .unit = "%",
    .decimals = 1,
    .defaultValue = 100.0f,
    .field = numberIn<&Targets::edits, &IrEdits::damping, &DampingSettings::low, 100>(),
    .option = {"--damp-low", "PERCENT", "decay time below the low crossover, {range} of the IR's own"},
};

inline constexpr ParameterSpec irDampMid{
    .id = "irDampMid",
    .name = "IR Damping Mid",
    .label = "Mid Decay",
    .tooltip = "Decay time between the crossovers, as a share of the IR's own, in %",
    .min = 25.0f,
    .max = 200.0f,
    .step = 0.1f,
    .taper = Taper::centred,
    .centre = 100.0f,
    .unit = "%",
    .decimals = 1,
    .defaultValue = 100.0f,
    .field = numberIn<&Targets::edits, &IrEdits::damping, &DampingSettings::mid, 100>(),
    .option = {"--damp-mid", "PERCENT", "decay time between the crossovers, {range} of the IR's own"},
};

inline constexpr ParameterSpec irDampHigh{
    .id = "irDampHigh",
    .name = "IR Damping High",
    .label = "High Decay",
    .tooltip = "Decay time above the high crossover, as a share of the IR's own, in %",
    .min = 25.0f,
    .max = 200.0f,
    .step = 0.1f,
    .taper = Taper::centred,
    .centre = 100.0f,
    .unit = "%",
    .decimals = 1,
    .defaultValue = 100.0f,
    .field = numberIn<&Targets::edits, &IrEdits::damping, &DampingSettings::high, 100>(),
    .option = {"--damp-high", "PERCENT", "decay time above the high crossover, {range} of the IR's own"},
};

inline constexpr ParameterSpec irDampLowCrossover{
    .id = "irDampLowFreq",
    .name = "IR Damping Low Crossover",
    .label = "Low Xover",
    .tooltip = "Crossover between the low and mid damping bands, in Hz",
    .min = 50.0f,
    .max = 1000.0f,
    .step = 0.1f,
    .taper = Taper::logarithmic,
    .unit = "Hz",
    .defaultValue = static_cast<float>(DampingSettings{}.lowCrossoverHz),
    .field = numberIn<&Targets::edits, &IrEdits::damping, &DampingSettings::lowCrossoverHz>(),
    .option = {"--damp-low-freq", "HZ", "crossover between the low and mid damping bands, {range}"},
};

inline constexpr ParameterSpec irDampHighCrossover{
    .id = "irDampHighFreq",
    .name = "IR Damping High Crossover",
    .label = "High Xover",
    .tooltip = "Crossover between the mid and high damping bands, in Hz",
    .min = 1000.0f,
    .max = 16000.0f,
    .step = 0.1f,
    .taper = Taper::logarithmic,
    .unit = "Hz",
    .defaultValue = static_cast<float>(DampingSettings{}.highCrossoverHz),
    .field = numberIn<&Targets::edits, &IrEdits::damping, &DampingSettings::highCrossoverHz>(),
    .option = {"--damp-high-freq", "HZ", "crossover between the mid and high damping bands, {range}"},
};

// The wet EQ (WetEq): a low shelf, a bell and a high shelf after the cut filters.
// Each is neutral at 0 dB, wherever its frequency and Q stand. The defaults are the
// engine's (ReverbSettings), so a preset or session without them sounds as before.
inline constexpr ParameterSpec eqLowFrequency{
    .id = "eqLowFreq",
    .name = "EQ Low Frequency",
    .label = "Low Freq",
    .tooltip = "Corner frequency of the low shelf on the reverb, in Hz",
    .min = 20.0f,
    .max = 1000.0f,
    .step = 0.1f,
    .taper = Taper::logarithmic,
    .unit = "Hz",
    .defaultValue = ReverbSettings{}.eqLowFrequencyHz,
    .field = number<&Targets::reverb, &ReverbSettings::eqLowFrequencyHz>(),
    .option = {"--eq-low-freq", "HZ", "corner of the low shelf on the reverb, {range}"},
};

inline constexpr ParameterSpec eqLowGain{
    .id = "eqLowGain",
    .name = "EQ Low Gain",
    .label = "Low",
    .tooltip = "Gain of the low shelf on the reverb, in dB",
    .min = -18.0f,
    .max = 18.0f,
    .step = 0.1f,
    .unit = "dB",
    .decimals = 1,
    .field = number<&Targets::reverb, &ReverbSettings::eqLowGainDb>(),
    .option = {"--eq-low-gain", "DB", "gain of the low shelf on the reverb, {range}"},
};

inline constexpr ParameterSpec eqBellFrequency{
    .id = "eqBellFreq",
    .name = "EQ Bell Frequency",
    .label = "Bell Freq",
    .tooltip = "Centre frequency of the bell on the reverb, in Hz",
    .min = 40.0f,
    .max = 16000.0f,
    .step = 0.1f,
    .taper = Taper::logarithmic,
    .unit = "Hz",
    .defaultValue = ReverbSettings{}.eqBellFrequencyHz,
    .field = number<&Targets::reverb, &ReverbSettings::eqBellFrequencyHz>(),
    .option = {"--eq-bell-freq", "HZ", "centre of the bell on the reverb, {range}"},
};

inline constexpr ParameterSpec eqBellGain{
    .id = "eqBellGain",
    .name = "EQ Bell Gain",
    .label = "Bell",
    .tooltip = "Gain of the bell on the reverb, in dB",
    .min = -18.0f,
    .max = 18.0f,
    .step = 0.1f,
    .unit = "dB",
    .decimals = 1,
    .field = number<&Targets::reverb, &ReverbSettings::eqBellGainDb>(),
    .option = {"--eq-bell-gain", "DB", "gain of the bell on the reverb, {range}"},
};

inline constexpr ParameterSpec eqBellQ{
    .id = "eqBellQ",
    .name = "EQ Bell Q",
    .label = "Bell Q",
    .tooltip = "Sharpness of the bell: its centre frequency over its bandwidth",
    .min = 0.3f,
    .max = 8.0f,
    .step = 0.01f,
    .taper = Taper::logarithmic,
    .decimals = 2,
    .defaultValue = ReverbSettings{}.eqBellQ,
    .field = number<&Targets::reverb, &ReverbSettings::eqBellQ>(),
    .option = {"--eq-bell-q", "Q", "sharpness of the bell, {range}"},
};

inline constexpr ParameterSpec eqHighFrequency{
    .id = "eqHighFreq",
    .name = "EQ High Frequency",
    .label = "High Freq",
    .tooltip = "Corner frequency of the high shelf on the reverb, in Hz",
    .min = 1000.0f,
    .max = 16000.0f,
    .step = 0.1f,
    .taper = Taper::logarithmic,
    .unit = "Hz",
    .defaultValue = ReverbSettings{}.eqHighFrequencyHz,
    .field = number<&Targets::reverb, &ReverbSettings::eqHighFrequencyHz>(),
    .option = {"--eq-high-freq", "HZ", "corner of the high shelf on the reverb, {range}"},
};

inline constexpr ParameterSpec eqHighGain{
    .id = "eqHighGain",
    .name = "EQ High Gain",
    .label = "High",
    .tooltip = "Gain of the high shelf on the reverb, in dB",
    .min = -18.0f,
    .max = 18.0f,
    .step = 0.1f,
    .unit = "dB",
    .decimals = 1,
    .field = number<&Targets::reverb, &ReverbSettings::eqHighGainDb>(),
    .option = {"--eq-high-gain", "DB", "gain of the high shelf on the reverb, {range}"},
};

// Ducking (Ducker): the reverb makes room while the dry signal plays.
inline constexpr ParameterSpec duckAmount{
    .id = "duckAmount",
    .name = "Duck Amount",
    .label = "Duck",
    .tooltip = "How far the reverb goes down while the input plays, in dB; 0 is off",
    .max = 24.0f,
    .step = 0.1f,
    .unit = "dB",
    .decimals = 1,
    .field = number<&Targets::reverb, &ReverbSettings::duckAmountDb>(),
    .option = {"--duck", "DB", "turn the reverb down by up to this while the input plays, {range}"},
};

inline constexpr ParameterSpec duckThreshold{
    .id = "duckThreshold",
    .name = "Duck Threshold",
    .label = "Threshold",
    .tooltip = "Input peak level where ducking begins, in dBFS; 1 dB down per dB above it",
    .min = -60.0f,
    .max = 0.0f,
    .step = 0.1f,
    .unit = "dB",
    .decimals = 1,
    .defaultValue = ReverbSettings{}.duckThresholdDb,
    .field = number<&Targets::reverb, &ReverbSettings::duckThresholdDb>(),
    .option = {"--duck-threshold", "DB", "input peak level where ducking begins, {range}"},
};

inline constexpr ParameterSpec duckRelease{
    .id = "duckRelease",
    .name = "Duck Release",
    .label = "Release",
    .tooltip = "Time for the reverb to come back up from full ducking, in ms",
    .min = 20.0f,
    .max = 3000.0f,
    .step = 1.0f,
    .taper = Taper::logarithmic,
    .unit = "ms",
    .defaultValue = ReverbSettings{}.duckReleaseMs,
    .field = number<&Targets::reverb, &ReverbSettings::duckReleaseMs>(),
    .option = {"--duck-release", "MS", "time to come back up from full ducking, {range}"},
};
} // namespace spec

// Every parameter, in the order hosts see them (their index): only ever append.
inline constexpr auto kParameters = std::to_array<const ParameterSpec*>({&spec::mix,
                                                                         &spec::dryLevel,
                                                                         &spec::wetLevel,
                                                                         &spec::predelay,
                                                                         &spec::lowCut,
                                                                         &spec::highCut,
                                                                         &spec::width,
                                                                         &spec::outputGain,
                                                                         &spec::latencyMode,
                                                                         &spec::partitionSize,
                                                                         &spec::bypass,
                                                                         &spec::irTrimStart,
                                                                         &spec::irTrimEnd,
                                                                         &spec::irAutoTrim,
                                                                         &spec::irStretch,
                                                                         &spec::irDecay,
                                                                         &spec::irReverse,
                                                                         &spec::irAttack,
                                                                         &spec::irNormalise,
                                                                         &spec::irGain,
                                                                         &spec::irTrueStereoOrder,
                                                                         &spec::eqLowFrequency,
                                                                         &spec::eqLowGain,
                                                                         &spec::eqBellFrequency,
                                                                         &spec::eqBellGain,
                                                                         &spec::eqBellQ,
                                                                         &spec::eqHighFrequency,
                                                                         &spec::eqHighGain,
                                                                         &spec::duckAmount,
                                                                         &spec::duckThreshold,
                                                                         &spec::duckRelease,
                                                                         &spec::irSplit,
                                                                         &spec::irEarlyLevel,
                                                                         &spec::irLateLevel,
                                                                         &spec::irLatePredelay,
                                                                         &spec::irDampLow,
                                                                         &spec::irDampMid,
                                                                         &spec::irDampHigh,
                                                                         &spec::irDampLowCrossover,
                                                                         &spec::irDampHighCrossover});

// The partition sizes the parameter offers are ones the engine runs, and its
// choices name them.
constexpr bool partitionChoicesMatchSizes()
{
    for (int i = 0; i < kNumPartitionSizes; ++i)
    {
        const int size = kPartitionSizes[i];
        if (size < kMinPartitionSize || size > kMaxPartitionSize || (size & (size - 1)) != 0)
            return false;
        if (i > 0 && size <= kPartitionSizes[i - 1])
            return false;
        int named = 0;
        for (const char* c = choices::partitionSizes[i].text; *c != '\0'; ++c)
            named = named * 10 + (*c - '0');
        if (named != size)
            return false;
    }
    return std::size(choices::partitionSizes) == std::size(kPartitionSizes);
}
static_assert(partitionChoicesMatchSizes());

} // namespace faltung::params
