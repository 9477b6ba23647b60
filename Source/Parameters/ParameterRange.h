// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include "ParameterSpec.h"

// juce_core only (no plugin hosting): the plugin and faltung-render both have it.
#include <juce_core/juce_core.h>

namespace faltung::params
{

// A continuous parameter's range as JUCE's NormalisableRange: its step and taper,
// and the 0..1 normalised values that hosts automate and sessions restore through.
inline juce::NormalisableRange<float> normalisableRange(const ParameterSpec& spec)
{
    juce::NormalisableRange<float> range(spec.min, spec.max, spec.step);
    if (spec.taper == Taper::centred)
        range.setSkewForCentre(spec.centre);
    else if (spec.taper == Taper::logarithmic)
        range.setSkewForCentre(std::sqrt(spec.min * spec.max));
    return range;
}

// The value a continuous parameter holds when it is set to `plain`. Hosts, sessions
// and the editor all set a JUCE parameter through its normalised value, which rounds
// in float and then snaps to the step (a low cut set to 200.04 Hz holds 200 Hz);
// this is that round trip, as juce::RangedAudioParameter makes it. faltung-render
// holds its options the same way, so that a render and the plugin set to the same
// values use the same settings to the last bit.
inline float heldValue(const ParameterSpec& spec, float plain)
{
    const auto range = normalisableRange(spec);
    const float normalised = range.convertTo0to1(range.snapToLegalValue(plain));
    return range.snapToLegalValue(range.convertFrom0to1(juce::jlimit(0.0f, 1.0f, normalised)));
}

} // namespace faltung::params
