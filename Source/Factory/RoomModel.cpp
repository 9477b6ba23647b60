// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "RoomModel.h"

#include "DecayPrediction.h"
#include "DiffuseTail.h"
#include "Random.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace faltung::factory
{

namespace
{
constexpr double kEyring = 24.0 * std::numbers::ln10 / kSpeedOfSound; // 0.161 s/m

double volume(const RoomDesign& r)
{
    return r.size.x * r.size.y * r.size.z;
}

double surface(const RoomDesign& r)
{
    return 2.0 * (r.size.x * r.size.y + r.size.x * r.size.z + r.size.y * r.size.z);
}

double distance(const Position& a, const Position& b)
{
    return std::hypot(a.x - b.x, a.y - b.y, a.z - b.z);
}

// The tail: statistical level and build-up of echo density for the room, on the
// same clock as the early reflections.
DiffuseTailSpec tailSpec(const RoomDesign& room, double firstSampleDecayTime)
{
    const double v = volume(room);
    DiffuseTailSpec tail;
    tail.rt60 = room.rt60;
    tail.bandGainDb = room.sourceGainDb;
    tail.energyPerSecond = 4.0 * std::numbers::pi * kSpeedOfSound / v;
    tail.decayTimeAtFirstSample = firstSampleDecayTime;
    tail.echoDensityGrowth = room.scattering * 4.0 * std::numbers::pi * std::pow(kSpeedOfSound, 3.0) / v;
    tail.fadeInStart = 0.5 * room.mixingTime;
    tail.fadeInEnd = 1.5 * room.mixingTime;
    return tail;
}

double nearestDirectDistance(const RoomDesign& room)
{
    return std::min(distance(room.source, room.microphones[0]), distance(room.source, room.microphones[1]));
}
} // namespace

std::array<double, kNumBands> airAttenuationPerMetre()
{
    // ISO 9613-1 attenuation in dB/km at 20 C, 50 % RH, as energy per metre (/ 4343).
    constexpr std::array<double, kNumBands> dbPerKm{0.44, 1.31, 2.73, 4.66, 9.86, 29.4, 105.0};
    std::array<double, kNumBands> m{};
    for (std::size_t b = 0; b < kNumBands; ++b)
        m[b] = dbPerKm[b] / (10000.0 / std::numbers::ln10);
    return m;
}

std::array<double, kNumBands> wallAbsorption(const RoomDesign& room)
{
    const double v = volume(room);
    const double s = surface(room);
    const auto air = airAttenuationPerMetre();
    std::array<double, kNumBands> alpha{};
    for (std::size_t b = 0; b < kNumBands; ++b)
    {
        const double wallTerm = kEyring * v / room.rt60[b] - 4.0 * air[b] * v;
        // A design asking for a longer decay than the air alone allows gets nearly
        // perfectly reflecting walls; its reflections then decay a little faster than
        // the tail does.
        alpha[b] = std::clamp(1.0 - std::exp(-wallTerm / s), 0.005, 0.95);
    }
    return alpha;
}

std::vector<std::vector<double>> renderRoom(const RoomDesign& room, double sampleRate, std::uint64_t seed)
{
    const auto length = static_cast<std::size_t>(std::lround(room.lengthSeconds * sampleRate));
    const double firstSampleDecayTime = nearestDirectDistance(room) / kSpeedOfSound - room.preDelay;
    const double earlyEnd = 1.5 * room.mixingTime; // decay time where the reflections have faded out
    const double fadeStart = 0.5 * room.mixingTime;
    const double maxDistance = kSpeedOfSound * earlyEnd;

    const auto alpha = wallAbsorption(room);
    const auto air = airAttenuationPerMetre();
    std::array<double, kNumBands> reflectionGain{}, sourceGain{};
    for (std::size_t b = 0; b < kNumBands; ++b)
    {
        reflectionGain[b] = std::sqrt(1.0 - alpha[b]);
        sourceGain[b] = std::pow(10.0, room.sourceGainDb[b] / 20.0);
    }

    const Position& L = room.size;
    const int nx = static_cast<int>(std::ceil(maxDistance / (2.0 * L.x))) + 1;
    const int ny = static_cast<int>(std::ceil(maxDistance / (2.0 * L.y))) + 1;
    const int nz = static_cast<int>(std::ceil(maxDistance / (2.0 * L.z))) + 1;

    std::vector<std::vector<double>> channels;
    for (std::size_t mic = 0; mic < room.microphones.size(); ++mic)
    {
        const Position& m = room.microphones[mic];
        std::vector<double> out(length, 0.0);

        // Image (i, p) along an axis sits at 2 i L + (1 - 2 p) s and has been
        // reflected |i| + |i - p| times.
        for (int i = -nx; i <= nx; ++i)
            for (int px = 0; px < 2; ++px)
                for (int j = -ny; j <= ny; ++j)
                    for (int py = 0; py < 2; ++py)
                        for (int k = -nz; k <= nz; ++k)
                            for (int pz = 0; pz < 2; ++pz)
                            {
                                const Position image{2.0 * i * L.x + (1 - 2 * px) * room.source.x,
                                                     2.0 * j * L.y + (1 - 2 * py) * room.source.y,
                                                     2.0 * k * L.z + (1 - 2 * pz) * room.source.z};
                                const double d = distance(image, m);
                                if (d > maxDistance)
                                    continue;
                                const int reflections = std::abs(i) + std::abs(i - px) + std::abs(j) +
                                                        std::abs(j - py) + std::abs(k) + std::abs(k - pz);
                                const double decayTime = d / kSpeedOfSound;
                                const double u =
                                    std::clamp((decayTime - fadeStart) / (earlyEnd - fadeStart), 0.0, 1.0);
                                const double fade = std::cos(0.5 * std::numbers::pi * u);
                                if (fade <= 0.0)
                                    continue;
                                std::array<double, kNumBands> gains{};
                                for (std::size_t b = 0; b < kNumBands; ++b)
                                    gains[b] = fade * sourceGain[b] *
                                               std::pow(reflectionGain[b], reflections) *
                                               std::exp(-0.5 * air[b] * d) / d;
                                const double position = (decayTime - firstSampleDecayTime) * sampleRate;
                                addOctaveShapedImpulse(out, position, gains, sampleRate);
                            }

        Pcg32 random(seed, mic);
        const auto tail = renderDiffuseTail(tailSpec(room, firstSampleDecayTime), sampleRate, length, random);
        for (std::size_t n = 0; n < length; ++n)
            out[n] += tail[n];
        channels.push_back(std::move(out));
    }
    return channels;
}

double predictedRoomT30(const RoomDesign& room, double sampleRate)
{
    const auto shares = whiteNoiseShares(octaveBandSplit(sampleRate), sampleRate);
    const DiffuseTailSpec tail = tailSpec(room, 0.0);
    const double onset = nearestDirectDistance(room) / kSpeedOfSound;

    double direct = 0.0;
    for (const auto& m : room.microphones)
    {
        const double d = distance(room.source, m);
        for (std::size_t b = 0; b < kNumBands; ++b)
            direct += shares[b] * std::pow(10.0, room.sourceGainDb[b] / 10.0) / (d * d);
    }
    const double longest = *std::max_element(room.rt60.begin(), room.rt60.end());
    return predictedBroadbandT30([&](double t)
                                 { return 2.0 * expectedTailEnergyPerSecond(tail, onset + t, shares); },
                                 direct, 3.0 * longest);
}

} // namespace faltung::factory
