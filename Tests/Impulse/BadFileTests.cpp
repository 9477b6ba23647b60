// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// Bad files that need more than bytes to make: one that cannot be read for lack of
// permission, and one that changes while it is being loaded.
#include "AudioFileIo.h"
#include "ImpulseResponse.h"
#include "TestFiles.h"

#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

using namespace faltung;
using namespace faltung::test;

namespace
{
// The reason loadImpulseResponse gives, found in a child process that runs as an
// unprivileged user when the tests run as root (root reads any file).
std::string reasonAsUnprivilegedUser(const std::string& path)
{
    int pipeFds[2];
    REQUIRE(pipe(pipeFds) == 0);
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0)
    {
        close(pipeFds[0]);
        if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
            _exit(2);
        std::string reason = "(loaded)";
        try
        {
            loadImpulseResponse(path);
        }
        catch (const AudioFileError& e)
        {
            reason = e.reason();
        }
        (void)!write(pipeFds[1], reason.data(), reason.size());
        _exit(0);
    }
    close(pipeFds[1]);
    std::string reason;
    char buffer[256];
    for (ssize_t n; (n = read(pipeFds[0], buffer, sizeof buffer)) > 0;)
        reason.append(buffer, static_cast<std::size_t>(n));
    close(pipeFds[0]);
    int status = 0;
    waitpid(child, &status, 0);
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 0);
    return reason;
}
} // namespace

TEST_CASE("A file without read permission is refused with the reason")
{
    ScratchFolder folder;
    std::filesystem::permissions(folder.path(),
                                 std::filesystem::perms::all); // the unprivileged child may enter
    AudioData a;
    a.sampleRate = 48000;
    a.channels = randomSignal(1, 1000, 1);
    writeWavFile(folder.file("locked.wav"), a, WavSampleFormat::pcm24);
    REQUIRE(chmod(folder.file("locked.wav").c_str(), 0) == 0);
    CHECK_THAT(reasonAsUnprivilegedUser(folder.file("locked.wav")), Catch::Contains("Permission denied"));
}

TEST_CASE("A file that shrinks while it is being loaded is refused, not padded with silence")
{
    ScratchFolder folder;
    AudioData a;
    a.sampleRate = 48000;
    a.channels = randomSignal(2, 48000, 2);
    writeWavFile(folder.file("going.wav"), a, WavSampleFormat::float32);

    AudioFileReader reader(folder.file("going.wav")); // the header is read and checked here
    std::filesystem::resize_file(folder.file("going.wav"), 20000);
    try
    {
        reader.readAll();
        FAIL("the cut file loaded");
    }
    catch (const AudioFileError& e)
    {
        CHECK_THAT(e.reason(), Catch::Contains("ended early") && Catch::Contains("changed or removed"));
    }
}
