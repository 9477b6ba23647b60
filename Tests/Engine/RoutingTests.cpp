// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "Routing.h"

#include <catch2/catch.hpp>

using namespace faltung;

TEST_CASE("True stereo has four paths sharing two inputs and two outputs")
{
    const auto r = Routing::forChannels(2, 2, 4);
    REQUIRE(r.paths.size() == 4);
    CHECK(r.kernelChannels.size() == 4);
    CHECK(r.describe() == "true stereo");
}

TEST_CASE("A mono IR on a mono-to-stereo engine is computed once and mirrored")
{
    const auto r = Routing::forChannels(1, 2, 1);
    CHECK(r.paths.size() == 1);
    CHECK(r.secondOutputMirrorsFirst);
    CHECK(r.describe() == "mono to stereo");
}

TEST_CASE("Routing names")
{
    CHECK(Routing::forChannels(1, 1, 1).describe() == "mono");
    CHECK(Routing::forChannels(2, 2, 2).describe() == "stereo");
    CHECK(Routing::forChannels(1, 2, 2).describe() == "mono to stereo");
    CHECK(Routing::forChannels(2, 1, 2).describe() == "stereo to mono");
}

TEST_CASE("Unsupported channel counts are refused")
{
    CHECK_THROWS_AS(Routing::forChannels(0, 1, 1), std::invalid_argument);
    CHECK_THROWS_AS(Routing::forChannels(1, 3, 1), std::invalid_argument);
    CHECK_THROWS_AS(Routing::forChannels(1, 1, 3), std::invalid_argument);
    CHECK_THROWS_AS(Routing::forChannels(2, 2, 8), std::invalid_argument);
}
