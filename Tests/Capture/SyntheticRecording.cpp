// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "SyntheticRecording.h"

#include "AlignedBuffer.h"
#include "RealFft.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <random>

namespace faltung::test
{

std::vector<float> fftConvolve(const std::vector<float>& x, const std::vector<float>& h)
{
    const std::size_t length = x.size() + h.size() - 1;
    int n = 1;
    while (static_cast<std::size_t>(n) < length)
        n *= 2;
    RealFft fft(n, PlanRigor::estimate);
    const auto bins = static_cast<std::size_t>(fft.numBins());
    AlignedBuffer a(static_cast<std::size_t>(n)), b(static_cast<std::size_t>(n)), ar(bins), ai(bins),
        br(bins), bi(bins);
    std::copy(x.begin(), x.end(), a.data());
    std::copy(h.begin(), h.end(), b.data());
    fft.forward(a.data(), ar.data(), ai.data());
    fft.forward(b.data(), br.data(), bi.data());
    for (std::size_t k = 0; k < bins; ++k)
    {
        const float re = ar.data()[k] * br.data()[k] - ai.data()[k] * bi.data()[k];
        const float im = ar.data()[k] * bi.data()[k] + ai.data()[k] * br.data()[k];
        ar.data()[k] = re;
        ai.data()[k] = im;
    }
    fft.inverse(ar.data(), ai.data(), a.data());
    std::vector<float> y(a.data(), a.data() + length);
    for (auto& v : y)
        v /= static_cast<float>(n);
    return y;
}

namespace
{
constexpr int kHarmonics = 9; // odd ones to the 9th: tanh's 11th is below -150 dB at 1 % THD

// The odd Fourier sine coefficients of tanh(a sin(theta)): b[k] for k = 1, 3, ... 9.
std::array<double, kHarmonics + 1> tanhHarmonics(double a)
{
    std::array<double, kHarmonics + 1> b{};
    constexpr int steps = 2048;
    for (int k = 1; k <= kHarmonics; k += 2)
    {
        double sum = 0.0;
        for (int i = 0; i < steps; ++i)
        {
            const double theta = std::numbers::pi * (i + 0.5) / steps;
            sum += std::tanh(a * std::sin(theta)) * std::sin(k * theta);
        }
        b[static_cast<std::size_t>(k)] = 2.0 * sum / steps;
    }
    return b;
}

// The sweep file as a loudspeaker distorting as tanh plays it: each sweep becomes
// the sum of its harmonics, each only while below the Nyquist frequency, as an
// analog distortion recorded through an anti-aliasing filter (tanh at the sample
// rate would fold the harmonics above it back into the band).
std::vector<std::vector<float>> distorted(const SweepSpec& spec, std::vector<std::vector<float>> played)
{
    const auto layout = layoutOf(spec);
    // The coefficients on a grid of amplitudes (the fades sweep through them).
    const double peak = std::pow(10.0, spec.levelDb / 20.0);
    constexpr int grid = 512;
    std::vector<std::array<double, kHarmonics + 1>> table;
    for (int g = 0; g <= grid; ++g)
        table.push_back(tanhHarmonics(peak * g / grid));
    // The anti-aliasing filter: flat to the sweep's end, then a raised cosine down
    // to nothing at 0.45 of the rate (a sharp cut would ring in the deconvolution).
    const double top = 0.45 * spec.sampleRate;
    const auto antiAliasing = [&](double f)
    {
        if (f <= spec.endHz)
            return 1.0;
        return f >= top ? 0.0
                        : 0.5 + 0.5 * std::cos(std::numbers::pi * (f - spec.endHz) / (top - spec.endHz));
    };
    std::vector<float> sweep(static_cast<std::size_t>(layout.sweepLength));
    for (int n = 0; n < layout.sweepLength; ++n)
    {
        const double a = sweepEnvelope(spec, n);
        const auto& b = table[static_cast<std::size_t>(std::lround(a / peak * grid))];
        const double phase = sweepPhase(spec, n);
        const double f = spec.startHz * std::exp(n / spec.sampleRate / layout.rate);
        double y = 0.0;
        for (int k = 1; k <= kHarmonics; k += 2)
            y += b[static_cast<std::size_t>(k)] * antiAliasing(k * f) * std::sin(k * phase);
        sweep[static_cast<std::size_t>(n)] = static_cast<float>(y);
    }
    for (int speaker = 0; speaker < layout.speakers; ++speaker)
        for (int repeat = 0; repeat < layout.repeats; ++repeat)
            std::copy(sweep.begin(), sweep.end(),
                      played[static_cast<std::size_t>(speaker)].begin() + layout.sweepStart(speaker, repeat));
    return played;
}
} // namespace

std::vector<std::vector<float>> recordSweep(const SweepSpec& spec, const SyntheticSystem& system)
{
    const auto played = sweepSignal(spec);
    const auto layout = layoutOf(spec);
    const std::size_t microphones = system.rooms.at(0).size();
    std::size_t longestRoom = 0;
    for (const auto& speaker : system.rooms)
        for (const auto& room : speaker)
            longestRoom = std::max(longestRoom, room.size());
    const std::size_t length = static_cast<std::size_t>(system.delay) + played[0].size() + longestRoom;

    const auto loudspeaker = system.distort ? distorted(spec, played) : played;
    std::vector<std::vector<float>> recording(microphones + (system.loopback ? 1 : 0),
                                              std::vector<float>(length, 0.0f));
    for (std::size_t speaker = 0; speaker < played.size(); ++speaker)
    {
        const auto& sound = system.distort ? loudspeaker[speaker] : played[speaker];
        for (std::size_t m = 0; m < microphones; ++m)
        {
            const auto heard = fftConvolve(sound, system.rooms[speaker][m]);
            for (std::size_t i = 0; i < heard.size() && i + system.delay < length; ++i)
                recording[m][i + static_cast<std::size_t>(system.delay)] += heard[i];
        }
        if (system.loopback)
            for (std::size_t i = 0; i < played[speaker].size(); ++i)
                recording.back()[i + static_cast<std::size_t>(system.delay)] += played[speaker][i];
    }

    // The input gain a careful user sets: the loudest microphone peaks at -6 dBFS.
    float peak = 0.0f;
    for (std::size_t m = 0; m < microphones; ++m)
        for (float v : recording[m])
            peak = std::max(peak, std::abs(v));
    for (std::size_t m = 0; m < microphones && peak > 0.0f; ++m)
        for (auto& v : recording[m])
            v *= 0.5f / peak;

    if (system.noiseDb > -300.0)
    {
        double sum = 0.0;
        std::size_t count = 0;
        for (std::size_t m = 0; m < microphones; ++m)
            for (int s = 0; s < layout.speakers; ++s)
                for (int r = 0; r < layout.repeats; ++r)
                    for (int i = 0; i < layout.sweepLength; ++i, ++count)
                    {
                        const double v =
                            recording[m]
                                     [static_cast<std::size_t>(layout.sweepStart(s, r) + system.delay + i)];
                        sum += v * v;
                    }
        const double sigma =
            std::sqrt(sum / static_cast<double>(count)) * std::pow(10.0, system.noiseDb / 20.0);
        std::mt19937 rng(system.seed);
        std::normal_distribution<double> gauss(0.0, sigma);
        for (std::size_t m = 0; m < microphones; ++m)
            for (auto& v : recording[m])
                v += static_cast<float>(gauss(rng));
    }
    return recording;
}

} // namespace faltung::test
