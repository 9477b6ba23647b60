// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// The one way from an IR's source to an engine's IR: what it loads, and what it
// does not do again.
#include "AudioFileIo.h"
#include "IrPipeline.h"
#include "TestFiles.h"

#include <catch2/catch.hpp>

using namespace faltung;
using namespace faltung::test;

namespace
{
void writeMono(const std::string& path, int length, unsigned seed)
{
    AudioData a;
    a.sampleRate = 44100.0;
    a.channels = randomSignal(1, length, seed, 0.2f);
    writeWavFile(path, a, WavSampleFormat::float32);
}
} // namespace

TEST_CASE("The IR pipeline redoes only the stages after the input that changed")
{
    IrPipeline irs({.irFolder = {}, .analyse = true, .limits = {}});
    const auto source = IrSource::factory("small-room");
    IrEdits edits;

    const auto first = irs.prepare(source, edits, 48000.0);
    REQUIRE(first.atRate != nullptr);
    CHECK(first.atRate->sampleRate == 48000.0);
    CHECK(first.name == "Small Room");
    CHECK(first.analysis.rt60Seconds > 0.0);

    // The same request, as when only the engine's options changed: the same objects.
    const auto same = irs.prepare(source, edits, 48000.0);
    CHECK(same.decoded == first.decoded);
    CHECK(same.edited == first.edited);
    CHECK(same.atRate == first.atRate);

    // Another rate: edited once, resampled again; the first rate is still kept.
    const auto other = irs.prepare(source, edits, 96000.0);
    CHECK(other.edited == first.edited);
    CHECK(other.atRate != first.atRate);
    CHECK(other.atRate->sampleRate == 96000.0);
    CHECK(irs.prepare(source, edits, 48000.0).atRate == first.atRate);

    // New edits: not decoded again, edited again.
    edits.reverse = true;
    const auto reversed = irs.prepare(source, edits, 48000.0);
    CHECK(reversed.decoded == first.decoded);
    CHECK(reversed.edited != first.edited);
    CHECK(reversed.edited->channels[0].front() == first.edited->channels[0].back());

    // No rate: decoded and edited, for showing, nothing resampled.
    CHECK(irs.prepare(source, edits, std::nullopt).atRate == nullptr);
}

TEST_CASE("Chosen files become a left/right pair when their names say so")
{
    ScratchFolder folder;
    writeMono(folder.file("hall_L.wav"), 3000, 1);
    writeMono(folder.file("hall_R.wav"), 2000, 2);
    writeMono(folder.file("plate.wav"), 1000, 3);

    const auto fromLeft = IrSource::fromChosenFiles({folder.file("hall_L.wav")});
    CHECK(fromLeft.file.path == folder.file("hall_L.wav"));
    CHECK(fromLeft.rightFile.path == folder.file("hall_R.wav"));
    // The right file chosen alone, or first of two: the left still goes left.
    CHECK(IrSource::fromChosenFiles({folder.file("hall_R.wav")}) == fromLeft);
    CHECK(IrSource::fromChosenFiles({folder.file("hall_R.wav"), folder.file("hall_L.wav")}) == fromLeft);
    CHECK_FALSE(IrSource::fromChosenFiles({folder.file("plate.wav")}).isPair());

    IrPipeline irs({.irFolder = {}, .analyse = false, .limits = {}});
    const auto pair = irs.prepare(fromLeft, {}, 44100.0);
    REQUIRE(pair.decoded->numChannels() == 2);
    CHECK(pair.decoded->length() == 3000); // the shorter padded with silence
    CHECK(pair.name == "hall_L.wav + hall_R.wav");
}

TEST_CASE("A session's file found nowhere is an error of its own kind, a path just chosen is not")
{
    ScratchFolder folder;
    IrPipeline irs({.irFolder = folder.path().string(), .analyse = false, .limits = {}});
    auto chosen = IrSource::fromFile(folder.file("never.wav"));
    CHECK_THROWS_AS(irs.prepare(chosen, {}, std::nullopt), AudioFileError);
    try
    {
        irs.prepare(chosen, {}, std::nullopt);
    }
    catch (const IrFileMissing&)
    {
        FAIL("a path just chosen that does not exist is not a session's missing file");
    }
    catch (const AudioFileError& e)
    {
        CHECK_THAT(e.what(), Catch::EndsWith("no such file"));
    }

    auto saved = chosen;
    saved.file.hash = 42;
    saved.file.size = 1000;
    CHECK_THROWS_AS(irs.prepare(saved, {}, std::nullopt), IrFileMissing);
}
