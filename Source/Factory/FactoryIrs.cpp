// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// The factory IRs' designs. Room sizes, positions and RT60s are chosen to be typical
// of each kind of space; high bands decay faster, as air and soft surfaces make them
// do in real rooms.
#include "FactoryContent.h"

#include "CabinetModel.h"
#include "DecayPrediction.h"
#include "DiffuseTail.h"
#include "FactoryCatalog.h"
#include "IrAnalysis.h"
#include "Random.h"
#include "RoomModel.h"
#include "SpringModel.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <string>

namespace faltung::factory
{

namespace
{
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct Generated
{
    std::vector<std::vector<double>> channels;
    std::array<double, kNumBands> rt60{};
    double broadbandRt60 = kNaN;
};

// A half-cosine fade over the last `seconds`, so that a shortened tail ends smoothly.
void fadeOut(std::vector<double>& x, double seconds, double sampleRate)
{
    const auto fade = std::min(x.size(), static_cast<std::size_t>(std::lround(seconds * sampleRate)));
    for (std::size_t i = 0; i < fade; ++i)
        x[x.size() - fade + i] *=
            0.5 * (1.0 + std::cos(std::numbers::pi * static_cast<double>(i + 1) / static_cast<double>(fade)));
}

Generated room(const RoomDesign& design, const std::string& id)
{
    Generated g;
    g.channels = renderRoom(design, kFactorySampleRate, seedFromName(id));
    for (auto& c : g.channels)
        fadeOut(c, 0.15, kFactorySampleRate);
    g.rt60 = design.rt60;
    g.broadbandRt60 = predictedRoomT30(design, kFactorySampleRate);
    return g;
}

// A spaced pair either side of a centre point, along y.
std::array<Position, 2> spacedPair(Position centre, double spacing)
{
    return {Position{centre.x, centre.y - 0.5 * spacing, centre.z},
            Position{centre.x, centre.y + 0.5 * spacing, centre.z}};
}

Generated smallRoom()
{
    RoomDesign d;
    d.size = {5.2, 4.1, 2.7};
    d.source = {1.3, 2.6, 1.4};
    d.microphones = spacedPair({3.7, 1.9, 1.5}, 0.4);
    d.rt60 = {0.50, 0.46, 0.42, 0.40, 0.38, 0.35, 0.30};
    d.sourceGainDb = {0.0, 0.0, 0.0, 0.0, -1.0, -2.5, -5.0};
    d.mixingTime = 0.030;
    d.lengthSeconds = 0.8;
    return room(d, "small-room");
}

Generated studioLiveRoom()
{
    RoomDesign d;
    d.size = {9.5, 7.0, 4.2};
    d.source = {2.5, 3.2, 1.5};
    d.microphones = spacedPair({6.5, 3.4, 1.8}, 0.7);
    d.rt60 = {0.85, 0.80, 0.74, 0.70, 0.66, 0.60, 0.50};
    d.sourceGainDb = {0.0, 0.0, 0.0, 0.0, -1.0, -2.5, -5.0};
    d.mixingTime = 0.045;
    d.lengthSeconds = 1.3;
    return room(d, "studio-live-room");
}

Generated chamber()
{
    // A purpose-built echo chamber: small, with hard, bright surfaces; a speaker in
    // one corner and the microphones across the room, facing away from it.
    RoomDesign d;
    d.size = {6.0, 4.4, 3.6};
    d.source = {1.4, 1.2, 1.3};
    d.microphones = spacedPair({4.8, 3.3, 2.1}, 0.6);
    d.rt60 = {1.45, 1.40, 1.34, 1.30, 1.22, 1.08, 0.85};
    d.sourceGainDb = {0.0, 0.0, 0.0, 0.0, -0.5, -1.5, -3.0};
    d.mixingTime = 0.035;
    d.scattering = 20.0;
    d.lengthSeconds = 2.2;
    return room(d, "chamber");
}

Generated concertHall()
{
    RoomDesign d;
    d.size = {42.0, 26.0, 17.0};
    d.source = {8.0, 13.0, 1.8};
    d.microphones = spacedPair({24.0, 13.0, 4.0}, 1.0);
    d.rt60 = {2.60, 2.45, 2.30, 2.20, 2.00, 1.75, 1.35};
    d.sourceGainDb = {0.0, 0.0, 0.0, 0.0, -1.0, -2.5, -5.0};
    d.mixingTime = 0.090;
    d.scattering = 15.0;
    d.lengthSeconds = 3.2;
    return room(d, "concert-hall");
}

Generated cathedral()
{
    // Stone, and a lot of air: at 8 kHz the air alone limits RT60 to 1.7 s.
    RoomDesign d;
    d.size = {75.0, 32.0, 28.0};
    d.source = {12.0, 16.0, 2.0};
    d.microphones = spacedPair({40.0, 16.0, 3.0}, 1.5);
    d.rt60 = {5.8, 5.5, 5.2, 5.0, 4.3, 3.0, 1.6};
    d.sourceGainDb = {0.0, 0.0, 0.0, 0.0, -1.0, -3.0, -6.0};
    d.mixingTime = 0.160;
    d.scattering = 20.0;
    // Shortened: long enough for T30 at 500 Hz and above (45 dB of decay), and faded.
    d.lengthSeconds = 4.6;
    return room(d, "cathedral");
}

Generated plate()
{
    // A steel plate: no early reflections, echoes dense from the first millisecond,
    // little bass, and highs that last nearly as long as the mids.
    DiffuseTailSpec spec;
    spec.rt60 = {1.75, 1.95, 2.05, 2.10, 2.05, 1.90, 1.60};
    spec.bandGainDb = {-4.0, -1.5, 0.0, 0.0, 0.0, 0.5, 1.0};
    spec.energyPerSecond = 1.0;
    spec.decayTimeAtFirstSample = -0.0005;
    spec.fadeInStart = 0.0;
    spec.fadeInEnd = 0.002;

    Generated g;
    const auto length = static_cast<std::size_t>(std::lround(2.8 * kFactorySampleRate));
    for (std::uint64_t pickup = 0; pickup < 2; ++pickup)
    {
        Pcg32 random(seedFromName("plate"), pickup);
        g.channels.push_back(renderDiffuseTail(spec, kFactorySampleRate, length, random));
        fadeOut(g.channels.back(), 0.15, kFactorySampleRate);
    }
    g.rt60 = spec.rt60;
    const auto shares = whiteNoiseShares(octaveBandSplit(kFactorySampleRate), kFactorySampleRate);
    const double longest = *std::max_element(spec.rt60.begin(), spec.rt60.end());
    g.broadbandRt60 = predictedBroadbandT30(
        [&](double t) { return expectedTailEnergyPerSecond(spec, t, shares); }, 0.0, 3.0 * longest);
    return g;
}

Generated spring()
{
    // Two springs of different lengths, one per channel, as in a stereo tank.
    SpringDesign a;
    a.transitSeconds = 0.0190;
    a.allpassCoefficient = 0.65;
    SpringDesign b = a;
    b.transitSeconds = 0.0226;
    b.allpassCoefficient = 0.62;
    b.stagesPerTransit = 84;

    Generated g;
    for (const auto& s : {a, b})
    {
        g.channels.push_back(renderSpring(s, kFactorySampleRate));
        fadeOut(g.channels.back(), 0.15, kFactorySampleRate);
    }
    for (std::size_t band = 0; band < kNumBands; ++band)
    {
        const double hz = kOctaveBandCentres[band];
        g.rt60[band] = 0.5 * (springRt60(a, hz, kFactorySampleRate) + springRt60(b, hz, kFactorySampleRate));
    }
    // The transducers stop short of the 8 kHz band: there is nothing there to decay.
    g.rt60[kNumBands - 1] = kNaN;
    g.broadbandRt60 = predictedSpringT30({a, b}, kFactorySampleRate);
    return g;
}

Generated cabinet()
{
    Generated g;
    g.channels = renderCabinet(kFactorySampleRate, seedFromName("cabinet"));
    g.rt60.fill(kNaN);
    return g;
}

// How each IR of the catalog (FactoryCatalog.h) is made.
struct Entry
{
    const char* id;
    Generated (*generate)();
};

const Entry kEntries[] = {
    {"small-room", smallRoom}, {"studio-live-room", studioLiveRoom},
    {"chamber", chamber},      {"concert-hall", concertHall},
    {"cathedral", cathedral},  {"plate", plate},
    {"spring", spring},        {"cabinet", cabinet},
};

// Unit energy per channel, then the library gain.
std::vector<std::vector<float>> normalise(const std::vector<std::vector<double>>& channels)
{
    const double gain = std::pow(10.0, kFactoryIrGainDb / 20.0);
    std::vector<std::vector<float>> out;
    for (const auto& c : channels)
    {
        double energy = 0.0;
        for (const double x : c)
            energy += x * x;
        const double scale = gain / std::sqrt(energy);
        std::vector<float> f(c.size());
        for (std::size_t n = 0; n < c.size(); ++n)
            f[n] = static_cast<float>(scale * c[n]);
        out.push_back(std::move(f));
    }
    return out;
}
} // namespace

const std::vector<std::string>& factoryIrIds()
{
    static const std::vector<std::string> ids = []
    {
        std::vector<std::string> v;
        for (const auto& e : kEntries)
            v.emplace_back(e.id);
        return v;
    }();
    return ids;
}

FactoryIr generateFactoryIr(const std::string& id)
{
    for (const auto& e : kEntries)
    {
        if (id != e.id)
            continue;
        const Generated g = e.generate();
        FactoryIr ir;
        const FactoryIrEntry* entry = findFactoryIr(id);
        ir.id = e.id;
        ir.name = entry != nullptr ? entry->name : e.id;
        ir.description = entry != nullptr ? entry->description : "";
        ir.sampleRate = kFactorySampleRate;
        ir.channels = normalise(g.channels);
        ir.designRt60PerOctave = g.rt60;
        ir.designRt60 = g.broadbandRt60;
        return ir;
    }
    throw std::invalid_argument("there is no factory IR called \"" + id + "\"");
}

} // namespace faltung::factory
