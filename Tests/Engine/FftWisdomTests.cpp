// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// The FFTW wisdom file: sizes measured once are read back by a later process and
// not measured again.
#include "RealFft.h"

#include <catch2/catch.hpp>
#include <fftw3.h>

#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

using namespace faltung;

namespace
{
ino_t inodeOf(const std::filesystem::path& path)
{
    struct stat info
    {
    };
    REQUIRE(::stat(path.c_str(), &info) == 0);
    return info.st_ino;
}
} // namespace

TEST_CASE("FFTW wisdom is saved to the file, read back, and only rewritten after new measurements")
{
    const auto folder =
        std::filesystem::temp_directory_path() / ("faltung-wisdom-" + std::to_string(::getpid()));
    std::filesystem::create_directories(folder);
    const auto first = folder / "first.wisdom";
    const auto second = folder / "second.wisdom";

    // Sizes no other test plans, so that this process has no wisdom for them yet.
    useFftWisdomFile(first.string());
    {
        RealFft fft(2 * 3001, PlanRigor::measure);
    }
    saveFftWisdom();
    REQUIRE(std::filesystem::exists(first));
    CHECK(std::filesystem::file_size(first) > 0);

    // A later process: nothing in memory, the file copied to where it looks.
    {
        std::lock_guard lock(fftwPlannerMutex());
        fftwf_forget_wisdom();
    }
    std::filesystem::copy_file(first, second);
    useFftWisdomFile(second.string());
    const auto before = inodeOf(second);
    {
        RealFft fft(2 * 3001, PlanRigor::measure); // from the file: nothing measured
    }
    saveFftWisdom();
    CHECK(inodeOf(second) == before);

    {
        RealFft fft(2 * 3003, PlanRigor::measure); // new: measured, so the file is replaced
    }
    saveFftWisdom();
    CHECK(inodeOf(second) != before);
    CHECK(std::filesystem::file_size(second) > std::filesystem::file_size(first));
    std::filesystem::remove_all(folder);
}
