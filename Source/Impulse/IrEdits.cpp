// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "IrEdits.h"

#include "IrAnalysis.h"
#include "Resampler.h"

#include <algorithm>
#include <cmath>

namespace faltung
{

namespace
{
constexpr double kMinimumLengthMs = 1.0;
constexpr double kTrimEndFadeMs = 10.0;
constexpr double kOnsetMarginMs = 1.0; // kept before the onset, for the direct sound's rise
constexpr double kPi = 3.14159265358979323846;

int samples(double ms, double rate)
{
    return static_cast<int>(std::lround(ms * 0.001 * rate));
}

void keepRange(ImpulseResponse& ir, int first, int last)
{
    for (auto& c : ir.channels)
        c = std::vector<float>(c.begin() + first, c.begin() + last);
}

void applyTrims(ImpulseResponse& ir, const IrEdits& e)
{
    const int length = ir.length();
    const int minimum = std::min(length, std::max(1, samples(kMinimumLengthMs, ir.sampleRate)));
    int first = 0;
    if (e.autoTrimStart)
    {
        const double onset = analyseImpulseResponse(ir.channels, ir.sampleRate).onsetSeconds;
        if (std::isfinite(onset))
            first = std::max(0, static_cast<int>(std::lround(onset * ir.sampleRate)) -
                                    samples(kOnsetMarginMs, ir.sampleRate));
    }
    first = std::min(first + samples(std::max(0.0, e.trimStartMs), ir.sampleRate), length - minimum);
    const int last = std::max(first + minimum, length - samples(std::max(0.0, e.trimEndMs), ir.sampleRate));
    if (first == 0 && last == length)
        return;
    keepRange(ir, first, last);

    if (e.trimEndMs > 0.0) // a cut tail would end in a click: fade it out
    {
        const int fade = std::min(ir.length() / 4, samples(kTrimEndFadeMs, ir.sampleRate));
        for (auto& c : ir.channels)
            for (int i = 0; i < fade; ++i)
                c[c.size() - 1 - static_cast<std::size_t>(i)] *=
                    static_cast<float>(0.5 - 0.5 * std::cos(kPi * (i + 0.5) / fade));
    }
}

void applyStretch(ImpulseResponse& ir, double stretch)
{
    if (stretch == 1.0)
        return;
    // Resampled as if it were at rate * stretch, then called the original rate
    // again: the room is `stretch` times larger. Scaling by 1/stretch keeps the
    // response's level as resampling a real room's IR would.
    ir.channels = resample(ir.channels, ir.sampleRate, ir.sampleRate * stretch);
    applyGain(ir, static_cast<float>(1.0 / stretch));
}

void applyDecay(ImpulseResponse& ir, double decay)
{
    if (decay >= 1.0)
        return;
    // The IR's energy falls 60 dB in rt60 seconds: e^(-6.9078 t / rt60) in
    // amplitude. Multiplying by e^(-6.9078 t (1/decay - 1) / rt60) makes that
    // decay * rt60. Where the RT60 cannot be measured, the IR's length stands in.
    double rt60 = analyseImpulseResponse(ir.channels, ir.sampleRate).rt60Seconds;
    if (!std::isfinite(rt60) || rt60 <= 0.0)
        rt60 = ir.seconds();
    const double perSample = 6.907755 * (1.0 / std::max(decay, 0.01) - 1.0) / (rt60 * ir.sampleRate);
    for (auto& c : ir.channels)
        for (std::size_t i = 0; i < c.size(); ++i)
            c[i] *= static_cast<float>(std::exp(-perSample * static_cast<double>(i)));
}

void applyAttack(ImpulseResponse& ir, double attackMs)
{
    const int fade = std::min(ir.length(), samples(attackMs, ir.sampleRate));
    for (auto& c : ir.channels)
        for (int i = 0; i < fade; ++i)
            c[static_cast<std::size_t>(i)] *=
                static_cast<float>(0.5 - 0.5 * std::cos(kPi * (i + 0.5) / fade));
}
} // namespace

ImpulseResponse applyEdits(const ImpulseResponse& input, const IrEdits& e)
{
    ImpulseResponse ir = input;
    if (ir.numChannels() == 4 && e.trueStereoOrder == TrueStereoOrder::outputsFirst)
        std::swap(ir.channels[1], ir.channels[2]);
    applyTrims(ir, e);
    applyStretch(ir, std::clamp(e.stretch, 0.5, 2.0));
    applyDecay(ir, std::clamp(e.decay, 0.1, 1.0));
    applyDamping(ir, e.damping);

    const double splitAt = e.parts.isNeutral() ? 0.0 : splitSeconds(ir, e.parts.splitMs);
    auto finish = [&](float earlyGain, float lateGain)
    {
        ImpulseResponse out = e.parts.isNeutral()
                                  ? ir
                                  : separateParts(ir, splitAt, e.parts.latePredelayMs, earlyGain, lateGain);
        if (e.reverse)
            for (auto& c : out.channels)
                std::reverse(c.begin(), c.end());
        applyAttack(out, std::max(0.0, e.attackMs));
        return out;
    };
    const float earlyGain = partGain(e.parts.earlyLevelDb);
    const float lateGain = partGain(e.parts.lateLevelDb);
    ImpulseResponse result = finish(earlyGain, lateGain);
    float gain = static_cast<float>(std::pow(10.0, e.gainDb / 20.0));
    if (e.normalise)
        gain *= energyNormalisationGain(earlyGain == 1.0f && lateGain == 1.0f ? result : finish(1.0f, 1.0f));
    applyGain(result, gain);
    return result;
}

} // namespace faltung
