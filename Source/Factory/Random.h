// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include <cmath>
#include <cstdint>
#include <numbers>
#include <string_view>

namespace faltung::factory
{

// PCG32 (O'Neill, "PCG: A family of simple fast space-efficient statistically good
// algorithms for random number generation", 2014): 64 bits of state, 32-bit output,
// and a stream selector so that each channel of each IR gets its own sequence.
//
// The factory content is generated, not stored as the only copy, so it has to come
// out the same everywhere. The standard library's engines are exact but its
// distributions are not specified bit for bit, so uniform and Gaussian numbers are
// made here too: Gaussian ones by the Box-Muller transform.
class Pcg32
{
public:
    explicit Pcg32(std::uint64_t seed, std::uint64_t stream = 0) noexcept
        : increment_((stream << 1u) | 1u)
    {
        next();
        state_ += seed;
        next();
    }

    std::uint32_t next() noexcept
    {
        const std::uint64_t old = state_;
        state_ = old * 6364136223846793005ull + increment_;
        const auto xorShifted = static_cast<std::uint32_t>(((old >> 18u) ^ old) >> 27u);
        const auto rotation = static_cast<std::uint32_t>(old >> 59u);
        return (xorShifted >> rotation) | (xorShifted << ((32u - rotation) & 31u));
    }

    // Uniform in [0, 1), with 53 random bits.
    double uniform() noexcept
    {
        const std::uint64_t high = next() >> 5; // 27 bits
        const std::uint64_t low = next() >> 6;  // 26 bits
        return static_cast<double>((high << 26) | low) * 0x1.0p-53;
    }

    double uniform(double low, double high) noexcept { return low + (high - low) * uniform(); }

    // Zero mean, unit variance.
    double gaussian() noexcept
    {
        if (hasSpare_)
        {
            hasSpare_ = false;
            return spare_;
        }
        const double radius = std::sqrt(-2.0 * std::log(1.0 - uniform())); // 1 - u is in (0, 1]
        const double angle = 2.0 * std::numbers::pi * uniform();
        spare_ = radius * std::sin(angle);
        hasSpare_ = true;
        return radius * std::cos(angle);
    }

private:
    std::uint64_t state_ = 0;
    std::uint64_t increment_;
    double spare_ = 0.0;
    bool hasSpare_ = false;
};

// A seed from a name (64-bit FNV-1a), so that each factory IR's noise is its own and
// does not change when other IRs are added or reordered.
constexpr std::uint64_t seedFromName(std::string_view name) noexcept
{
    std::uint64_t hash = 14695981039346656037ull;
    for (const char c : name)
    {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ull;
    }
    return hash;
}

} // namespace faltung::factory
