// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include "Convolver.h"
#include "IrEdits.h"
#include "ReverbProcessor.h"

#include <juce_audio_processors/juce_audio_processors.h>

namespace faltung::params
{

// Parameter IDs are part of every saved session and automation lane: never rename
// or renumber one. A parameter whose meaning changes gets a new ID (or version).
inline const juce::ParameterID mix{"mix", 1};
inline const juce::ParameterID dryLevel{"dryLevel", 1};
inline const juce::ParameterID wetLevel{"wetLevel", 1};
inline const juce::ParameterID predelay{"predelay", 1};
inline const juce::ParameterID lowCut{"lowCut", 1};
inline const juce::ParameterID highCut{"highCut", 1};
inline const juce::ParameterID width{"width", 1};
inline const juce::ParameterID outputGain{"outputGain", 1};
inline const juce::ParameterID latencyMode{"latencyMode", 1};
inline const juce::ParameterID partitionSize{"partitionSize",
                                             2}; // 2: plain value = index / 6 (see Parameters.cpp)
inline const juce::ParameterID bypass{"bypass", 1};

// The IR edits (IrEdits.h): automatable; a change rebuilds the kernel in the
// background and crossfades to it.
inline const juce::ParameterID irTrimStart{"irTrimStart", 1};
inline const juce::ParameterID irTrimEnd{"irTrimEnd", 1};
inline const juce::ParameterID irAutoTrim{"irAutoTrim", 1};
inline const juce::ParameterID irStretch{"irStretch", 1};
inline const juce::ParameterID irDecay{"irDecay", 1};
inline const juce::ParameterID irReverse{"irReverse", 1};
inline const juce::ParameterID irAttack{"irAttack", 1};
inline const juce::ParameterID irNormalise{"irNormalise", 1};
inline const juce::ParameterID irGain{"irGain", 1};
inline const juce::ParameterID irTrueStereoOrder{"irTrueStereoOrder", 1};

// The extremes of the filter ranges mean "off".
inline constexpr float kLowCutOffHz = 20.0f;
inline constexpr float kHighCutOffHz = 20000.0f;
inline constexpr float kLevelOffDb = -60.0f;

// Partition sizes offered to the user, in the order of the parameter's steps.
inline constexpr int kPartitionSizes[] = {64, 128, 256, 512, 1024, 2048, 4096};
inline constexpr int kNumPartitionSizes = static_cast<int>(std::size(kPartitionSizes));

// The partition size's plain value for a step, and the step for a value that old
// states stored as the step's index (0 .. kNumPartitionSizes - 1).
float partitionStepValue(int index) noexcept;
float migratePartitionIndex(float storedIndex) noexcept;

juce::AudioProcessorValueTreeState::ParameterLayout createLayout();

// Reads the parameters lock-free (cached atomics), for the audio thread.
class ParameterReader
{
public:
    explicit ParameterReader(juce::AudioProcessorValueTreeState& state);

    ReverbSettings reverbSettings() const noexcept;
    IrEdits irEdits() const noexcept;
    LatencyMode latencyMode() const noexcept;
    int partitionSize() const noexcept;

private:
    std::atomic<float>* mix_;
    std::atomic<float>* dryLevel_;
    std::atomic<float>* wetLevel_;
    std::atomic<float>* predelay_;
    std::atomic<float>* lowCut_;
    std::atomic<float>* highCut_;
    std::atomic<float>* width_;
    std::atomic<float>* outputGain_;
    std::atomic<float>* latencyMode_;
    std::atomic<float>* partitionSize_;
    std::atomic<float>* bypass_;
    std::atomic<float>* irTrimStart_;
    std::atomic<float>* irTrimEnd_;
    std::atomic<float>* irAutoTrim_;
    std::atomic<float>* irStretch_;
    std::atomic<float>* irDecay_;
    std::atomic<float>* irReverse_;
    std::atomic<float>* irAttack_;
    std::atomic<float>* irNormalise_;
    std::atomic<float>* irGain_;
    std::atomic<float>* irTrueStereoOrder_;
};

} // namespace faltung::params
