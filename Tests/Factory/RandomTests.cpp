// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// The factory content's random numbers must be the same everywhere: PCG32 against
// its reference output, and the derived distributions against their definitions.
#include "Random.h"

#include <catch2/catch.hpp>

#include <cmath>

using namespace faltung::factory;

TEST_CASE("PCG32 matches the reference implementation", "[random]")
{
    // pcg32-demo from the PCG C library, seeded with 42 on stream 54.
    Pcg32 random(42u, 54u);
    const std::uint32_t expected[] = {0xa15c02b7, 0x7b47f409, 0xba1d3330, 0x83d2f293, 0xbfa4784b, 0xcbed606e};
    for (const auto e : expected)
        CHECK(random.next() == e);
}

TEST_CASE("Streams and seeds give different sequences", "[random]")
{
    Pcg32 a(1, 0), b(1, 1), c(2, 0);
    const auto first = a.next();
    CHECK(first != b.next());
    CHECK(first != c.next());
}

TEST_CASE("Uniform numbers fill the unit interval", "[random]")
{
    Pcg32 random(7);
    double sum = 0.0, low = 1.0, high = 0.0;
    constexpr int count = 100000;
    for (int i = 0; i < count; ++i)
    {
        const double u = random.uniform();
        sum += u;
        low = std::min(low, u);
        high = std::max(high, u);
    }
    CHECK(sum / count == Approx(0.5).margin(0.005));
    CHECK(low >= 0.0);
    CHECK(low < 0.001);
    CHECK(high < 1.0);
    CHECK(high > 0.999);
}

TEST_CASE("Gaussian numbers have zero mean and unit variance", "[random]")
{
    Pcg32 random(11);
    double sum = 0.0, squares = 0.0, fourth = 0.0;
    constexpr int count = 200000;
    for (int i = 0; i < count; ++i)
    {
        const double g = random.gaussian();
        sum += g;
        squares += g * g;
        fourth += g * g * g * g;
    }
    CHECK(sum / count == Approx(0.0).margin(0.01));
    CHECK(squares / count == Approx(1.0).epsilon(0.01));
    CHECK(fourth / count == Approx(3.0).epsilon(0.03)); // a Gaussian's kurtosis
}

TEST_CASE("Seeds from names are 64-bit FNV-1a", "[random]")
{
    STATIC_REQUIRE(seedFromName("") == 0xcbf29ce484222325ull);
    STATIC_REQUIRE(seedFromName("a") == 0xaf63dc4c8601ec8cull);
    STATIC_REQUIRE(seedFromName("foobar") == 0x85944171f73967e8ull);
}
