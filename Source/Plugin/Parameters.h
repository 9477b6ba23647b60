// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include "ParameterTable.h"

#include <juce_audio_processors/juce_audio_processors.h>

namespace faltung::params
{

// The JUCE parameters made from the table (ParameterTable.h), where each is
// declared once: ID, version, name, range, unit, default, the field it drives.

inline juce::ParameterID parameterId(const ParameterSpec& spec)
{
    return {spec.id, spec.version};
}

inline const juce::ParameterID mix = parameterId(spec::mix);
inline const juce::ParameterID dryLevel = parameterId(spec::dryLevel);
inline const juce::ParameterID wetLevel = parameterId(spec::wetLevel);
inline const juce::ParameterID predelay = parameterId(spec::predelay);
inline const juce::ParameterID lowCut = parameterId(spec::lowCut);
inline const juce::ParameterID highCut = parameterId(spec::highCut);
inline const juce::ParameterID width = parameterId(spec::width);
inline const juce::ParameterID outputGain = parameterId(spec::outputGain);
inline const juce::ParameterID latencyMode = parameterId(spec::latencyMode);
inline const juce::ParameterID partitionSize = parameterId(spec::partitionSize);
inline const juce::ParameterID bypass = parameterId(spec::bypass);
inline const juce::ParameterID irTrimStart = parameterId(spec::irTrimStart);
inline const juce::ParameterID irTrimEnd = parameterId(spec::irTrimEnd);
inline const juce::ParameterID irAutoTrim = parameterId(spec::irAutoTrim);
inline const juce::ParameterID irStretch = parameterId(spec::irStretch);
inline const juce::ParameterID irDecay = parameterId(spec::irDecay);
inline const juce::ParameterID irReverse = parameterId(spec::irReverse);
inline const juce::ParameterID irAttack = parameterId(spec::irAttack);
inline const juce::ParameterID irNormalise = parameterId(spec::irNormalise);
inline const juce::ParameterID irGain = parameterId(spec::irGain);
inline const juce::ParameterID irTrueStereoOrder = parameterId(spec::irTrueStereoOrder);
inline const juce::ParameterID irSplit = parameterId(spec::irSplit);
inline const juce::ParameterID irLatePredelay = parameterId(spec::irLatePredelay);

// The partition size's plain value for a step, and the step for a value that old
// states stored as the step's index (0 .. kNumPartitionSizes - 1).
float partitionStepValue(int index) noexcept;
float migratePartitionIndex(float storedIndex) noexcept;

// The parameters in the table's order, as JUCE parameters.
juce::AudioProcessorValueTreeState::ParameterLayout createLayout();

// Reads the parameters lock-free (cached atomics, one per table entry) into the
// fields they drive, for the audio thread.
class ParameterReader
{
public:
    explicit ParameterReader(juce::AudioProcessorValueTreeState& state);

    ReverbSettings reverbSettings() const noexcept;
    IrEdits irEdits() const noexcept;
    LatencyMode latencyMode() const noexcept;
    int partitionSize() const noexcept;

private:
    ParameterTargets read(TargetGroup group) const noexcept;

    std::array<std::atomic<float>*, kParameters.size()> values_{};
};

} // namespace faltung::params
