// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "Parameters.h"

namespace faltung::params
{

namespace
{
using Float = juce::AudioParameterFloat;
using FloatAttributes = juce::AudioParameterFloatAttributes;

juce::NormalisableRange<float> logRange(float low, float high)
{
    juce::NormalisableRange<float> r(low, high);
    r.setSkewForCentre(std::sqrt(low * high));
    return r;
}

FloatAttributes decibels(float offBelow)
{
    return FloatAttributes()
        .withLabel("dB")
        .withStringFromValueFunction([offBelow](float v, int)
                                     { return v <= offBelow ? juce::String("-inf") : juce::String(v, 1); })
        .withValueFromStringFunction(
            [offBelow](const juce::String& s)
            { return s.trim().startsWithIgnoreCase("-inf") ? offBelow : s.getFloatValue(); });
}

FloatAttributes hertz(float offAt)
{
    return FloatAttributes()
        .withLabel("Hz")
        .withStringFromValueFunction(
            [offAt](float v, int)
            {
                if (v == offAt)
                    return juce::String("Off");
                return v >= 1000.0f ? juce::String(v / 1000.0f, 2) + "k" : juce::String(juce::roundToInt(v));
            })
        .withValueFromStringFunction(
            [offAt](const juce::String& s)
            {
                if (s.trim().equalsIgnoreCase("off"))
                    return offAt;
                const float v = s.getFloatValue();
                return s.trim().endsWithIgnoreCase("k") ? v * 1000.0f : v;
            });
}

// A choice whose plain and normalised values are the same, step i of n being
// i / (n - 1). JUCE 7.0.5's LV2 wrapper writes a choice's scale points as
// normalised values but its range as plain values (0 .. n - 1), so in LV2 hosts a
// plain choice of more than two options picks the wrong option; this one does not.
class SteppedChoice : public juce::AudioParameterFloat
{
public:
    SteppedChoice(const juce::ParameterID& id, const juce::String& displayName, juce::StringArray choices,
                  int defaultIndex, const juce::String& unit)
        : AudioParameterFloat(
              id, displayName,
              juce::NormalisableRange<float>(0.0f, 1.0f, 1.0f / static_cast<float>(choices.size() - 1)),
              static_cast<float>(defaultIndex) / static_cast<float>(choices.size() - 1),
              FloatAttributes()
                  .withLabel(unit)
                  .withStringFromValueFunction(
                      [choices](float v, int)
                      { return choices[juce::roundToInt(v * static_cast<float>(choices.size() - 1))]; })
                  .withValueFromStringFunction(
                      [choices](const juce::String& text)
                      {
                          const int index = juce::jmax(0, choices.indexOf(text.trim()));
                          return static_cast<float>(index) / static_cast<float>(choices.size() - 1);
                      }))
        , numChoices_(choices.size())
    {
    }
    bool isDiscrete() const override { return true; }
    int getNumSteps() const override { return numChoices_; }

private:
    int numChoices_;
};

FloatAttributes withUnit(const char* label, int decimals)
{
    return FloatAttributes().withLabel(label).withStringFromValueFunction(
        [decimals](float v, int) { return juce::String(v, decimals); });
}
} // namespace

juce::AudioProcessorValueTreeState::ParameterLayout createLayout()
{
    juce::AudioProcessorValueTreeState::ParameterLayout layout;

    layout.add(std::make_unique<Float>(mix, "Mix", juce::NormalisableRange<float>(0.0f, 100.0f, 0.1f), 30.0f,
                                       withUnit("%", 1)));
    layout.add(std::make_unique<Float>(dryLevel, "Dry Level",
                                       juce::NormalisableRange<float>(kLevelOffDb, 12.0f, 0.1f), 0.0f,
                                       decibels(kLevelOffDb)));
    layout.add(std::make_unique<Float>(wetLevel, "Wet Level",
                                       juce::NormalisableRange<float>(kLevelOffDb, 12.0f, 0.1f), 0.0f,
                                       decibels(kLevelOffDb)));
    juce::NormalisableRange<float> predelayRange(0.0f, 500.0f, 0.1f);
    predelayRange.setSkewForCentre(100.0f);
    layout.add(std::make_unique<Float>(predelay, "Predelay", predelayRange, 0.0f, withUnit("ms", 1)));
    layout.add(std::make_unique<Float>(lowCut, "Low Cut", logRange(kLowCutOffHz, 2000.0f), kLowCutOffHz,
                                       hertz(kLowCutOffHz)));
    layout.add(std::make_unique<Float>(highCut, "High Cut", logRange(1000.0f, kHighCutOffHz), kHighCutOffHz,
                                       hertz(kHighCutOffHz)));
    layout.add(std::make_unique<Float>(width, "Width", juce::NormalisableRange<float>(0.0f, 200.0f, 0.1f),
                                       100.0f, withUnit("%", 0)));
    layout.add(std::make_unique<Float>(outputGain, "Output Gain",
                                       juce::NormalisableRange<float>(-24.0f, 12.0f, 0.1f), 0.0f,
                                       withUnit("dB", 1)));

    // Latency mode and partition size rebuild the engine (crossfaded) and change the
    // latency the host compensates. They stay automatable so that every host lists
    // them (some list only automatable parameters), though few would automate them.
    layout.add(std::make_unique<juce::AudioParameterChoice>(
        latencyMode, "Latency Mode", juce::StringArray{"Zero latency", "Efficient"}, 0));
    juce::StringArray sizes;
    for (int size : kPartitionSizes)
        sizes.add(juce::String(size));
    layout.add(std::make_unique<SteppedChoice>(partitionSize, "Partition Size", sizes, 2, "samples"));

    layout.add(std::make_unique<juce::AudioParameterBool>(bypass, "Bypass", false));

    juce::NormalisableRange<float> trimStartRange(0.0f, 2000.0f, 0.1f);
    trimStartRange.setSkewForCentre(200.0f);
    layout.add(
        std::make_unique<Float>(irTrimStart, "IR Trim Start", trimStartRange, 0.0f, withUnit("ms", 1)));
    juce::NormalisableRange<float> trimEndRange(0.0f, 20000.0f, 1.0f);
    trimEndRange.setSkewForCentre(1000.0f);
    layout.add(std::make_unique<Float>(irTrimEnd, "IR Trim End", trimEndRange, 0.0f, withUnit("ms", 0)));
    layout.add(std::make_unique<juce::AudioParameterBool>(irAutoTrim, "IR Auto Trim", false));
    juce::NormalisableRange<float> stretchRange(50.0f, 200.0f, 0.1f);
    stretchRange.setSkewForCentre(100.0f);
    layout.add(std::make_unique<Float>(irStretch, "IR Stretch", stretchRange, 100.0f, withUnit("%", 0)));
    layout.add(std::make_unique<Float>(
        irDecay, "IR Decay", juce::NormalisableRange<float>(10.0f, 100.0f, 0.1f), 100.0f, withUnit("%", 0)));
    layout.add(std::make_unique<juce::AudioParameterBool>(irReverse, "IR Reverse", false));
    juce::NormalisableRange<float> attackRange(0.0f, 500.0f, 0.1f);
    attackRange.setSkewForCentre(50.0f);
    layout.add(std::make_unique<Float>(irAttack, "IR Attack", attackRange, 0.0f, withUnit("ms", 1)));
    layout.add(std::make_unique<juce::AudioParameterBool>(irNormalise, "IR Normalise", true));
    layout.add(std::make_unique<Float>(irGain, "IR Gain", juce::NormalisableRange<float>(-24.0f, 24.0f, 0.1f),
                                       0.0f, withUnit("dB", 1)));
    layout.add(std::make_unique<juce::AudioParameterChoice>(
        irTrueStereoOrder, "IR True-Stereo Order", juce::StringArray{"LL LR RL RR", "LL RL LR RR"}, 0,
        juce::AudioParameterChoiceAttributes().withAutomatable(false)));
    return layout;
}

ParameterReader::ParameterReader(juce::AudioProcessorValueTreeState& state)
    : mix_(state.getRawParameterValue(mix.getParamID()))
    , dryLevel_(state.getRawParameterValue(dryLevel.getParamID()))
    , wetLevel_(state.getRawParameterValue(wetLevel.getParamID()))
    , predelay_(state.getRawParameterValue(predelay.getParamID()))
    , lowCut_(state.getRawParameterValue(lowCut.getParamID()))
    , highCut_(state.getRawParameterValue(highCut.getParamID()))
    , width_(state.getRawParameterValue(width.getParamID()))
    , outputGain_(state.getRawParameterValue(outputGain.getParamID()))
    , latencyMode_(state.getRawParameterValue(params::latencyMode.getParamID()))
    , partitionSize_(state.getRawParameterValue(params::partitionSize.getParamID()))
    , bypass_(state.getRawParameterValue(bypass.getParamID()))
    , irTrimStart_(state.getRawParameterValue(irTrimStart.getParamID()))
    , irTrimEnd_(state.getRawParameterValue(irTrimEnd.getParamID()))
    , irAutoTrim_(state.getRawParameterValue(irAutoTrim.getParamID()))
    , irStretch_(state.getRawParameterValue(irStretch.getParamID()))
    , irDecay_(state.getRawParameterValue(irDecay.getParamID()))
    , irReverse_(state.getRawParameterValue(irReverse.getParamID()))
    , irAttack_(state.getRawParameterValue(irAttack.getParamID()))
    , irNormalise_(state.getRawParameterValue(irNormalise.getParamID()))
    , irGain_(state.getRawParameterValue(irGain.getParamID()))
    , irTrueStereoOrder_(state.getRawParameterValue(irTrueStereoOrder.getParamID()))
{
}

ReverbSettings ParameterReader::reverbSettings() const noexcept
{
    ReverbSettings s;
    s.mix = mix_->load(std::memory_order_relaxed) / 100.0f;
    s.dryLevelDb = dryLevel_->load(std::memory_order_relaxed);
    s.wetLevelDb = wetLevel_->load(std::memory_order_relaxed);
    s.predelayMs = predelay_->load(std::memory_order_relaxed);
    const float low = lowCut_->load(std::memory_order_relaxed);
    const float high = highCut_->load(std::memory_order_relaxed);
    s.lowCutHz = low <= kLowCutOffHz ? 0.0f : low;
    s.highCutHz = high >= kHighCutOffHz ? 0.0f : high;
    s.width = width_->load(std::memory_order_relaxed) / 100.0f;
    s.outputGainDb = outputGain_->load(std::memory_order_relaxed);
    s.bypass = bypass_->load(std::memory_order_relaxed) >= 0.5f;
    return s;
}

IrEdits ParameterReader::irEdits() const noexcept
{
    IrEdits e;
    e.trimStartMs = irTrimStart_->load(std::memory_order_relaxed);
    e.trimEndMs = irTrimEnd_->load(std::memory_order_relaxed);
    e.autoTrimStart = irAutoTrim_->load(std::memory_order_relaxed) >= 0.5f;
    e.stretch = irStretch_->load(std::memory_order_relaxed) / 100.0;
    e.decay = irDecay_->load(std::memory_order_relaxed) / 100.0;
    e.reverse = irReverse_->load(std::memory_order_relaxed) >= 0.5f;
    e.attackMs = irAttack_->load(std::memory_order_relaxed);
    e.normalise = irNormalise_->load(std::memory_order_relaxed) >= 0.5f;
    e.gainDb = irGain_->load(std::memory_order_relaxed);
    e.trueStereoOrder = irTrueStereoOrder_->load(std::memory_order_relaxed) >= 0.5f
                            ? TrueStereoOrder::outputsFirst
                            : TrueStereoOrder::inputsFirst;
    return e;
}

LatencyMode ParameterReader::latencyMode() const noexcept
{
    return latencyMode_->load(std::memory_order_relaxed) >= 0.5f ? LatencyMode::efficient : LatencyMode::zero;
}

float partitionStepValue(int index) noexcept
{
    return static_cast<float>(index) / static_cast<float>(kNumPartitionSizes - 1);
}

float migratePartitionIndex(float storedIndex) noexcept
{
    return partitionStepValue(juce::jlimit(0, kNumPartitionSizes - 1, juce::roundToInt(storedIndex)));
}

int ParameterReader::partitionSize() const noexcept
{
    const float step =
        partitionSize_->load(std::memory_order_relaxed) * static_cast<float>(kNumPartitionSizes - 1);
    return kPartitionSizes[juce::jlimit(0, kNumPartitionSizes - 1, juce::roundToInt(step))];
}

} // namespace faltung::params
