// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// faltung-render as a user runs it: real files in, real files out, and the
// messages and exit codes for bad input.
#include "AudioFileIo.h"
#include "IrEdits.h"
#include "ReferenceConvolution.h"
#include "RenderCommand.h"
#include "TestFiles.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>

using namespace faltung;
using namespace faltung::test;

namespace
{
AudioData audio(double rate, std::vector<std::vector<float>> channels)
{
    AudioData a;
    a.sampleRate = rate;
    a.channels = std::move(channels);
    return a;
}

// The one line a failed render prints, without its trailing newline.
std::string onlyLine(const std::string& text)
{
    REQUIRE(!text.empty());
    REQUIRE(text.back() == '\n');
    REQUIRE(std::count(text.begin(), text.end(), '\n') == 1);
    return text.substr(0, text.size() - 1);
}
} // namespace

TEST_CASE("Bad input files: one line naming the file and the reason, exit code 1, no output left behind")
{
    ScratchFolder folder;
    const auto good = folder.file("good.wav");
    writeWavFile(good, audio(48000, randomSignal(1, 4800, 1)), WavSampleFormat::pcm24);
    const auto notAudio = folder.writeText("notes.wav", "not audio at all, just words\n");
    const auto empty = folder.writeText("empty.wav", "");
    const auto out = folder.file("out.wav");

    struct Case
    {
        std::string ir, input, output, expected;
    };
    const Case cases[] = {
        {good, folder.file("missing.wav"), out, folder.file("missing.wav") + ": no such file"},
        {folder.file("nope.wav"), good, out, folder.file("nope.wav") + ": no such file"},
        {notAudio, good, out, notAudio + ": not a recognised audio file"},
        {good, notAudio, out, notAudio + ": not a recognised audio file"},
        {empty, good, out, empty + ": the file is empty"},
        {folder.path().string(), good, out, folder.path().string() + ": is a folder"},
        {good, folder.path().string(), out, folder.path().string() + ": is a folder"},
        {good, good, folder.file("no-such-folder/out.wav"), "the folder " + folder.file("no-such-folder")},
    };
    for (const auto& c : cases)
    {
        CAPTURE(c.ir, c.input, c.output);
        const auto r = runRender({"--ir", c.ir, c.input, c.output});
        CHECK(r.exitCode == 1);
        CHECK(r.standardOutput.empty());
        const auto line = onlyLine(r.standardError);
        CHECK_THAT(line, Catch::StartsWith("faltung-render: error: ") && Catch::Contains(c.expected));
        CHECK(!std::filesystem::exists(out));
    }
    // Nothing but the files the test made.
    CHECK(folder.contents().size() == 3);
}

TEST_CASE("An input that turns bad halfway leaves no partial output file")
{
    ScratchFolder folder;
    writeWavFile(folder.file("ir.wav"), audio(48000, randomSignal(1, 1000, 2)), WavSampleFormat::pcm24);
    auto input = randomSignal(1, 200000, 3);
    input[0][150000] = std::nanf("");
    writeWavFile(folder.file("in.wav"), audio(48000, input), WavSampleFormat::float32);

    const auto r = runRender({"--ir", folder.file("ir.wav"), folder.file("in.wav"), folder.file("out.wav")});
    CHECK(r.exitCode == 1);
    CHECK_THAT(onlyLine(r.standardError), Catch::Contains("in.wav: contains NaN or infinite samples"));
    CHECK(folder.contents().size() == 2);
}

TEST_CASE("Usage mistakes exit with code 2 and a hint")
{
    for (const auto& args :
         std::vector<std::vector<std::string>>{{"--bogus"},
                                               {"in.wav", "out.wav"},
                                               {"--ir", "x.wav", "in.wav"},
                                               {"--mix", "150", "--ir", "a", "b", "c"},
                                               {"--partition", "100", "--ir", "a", "b", "c"},
                                               {"--latency", "low", "--ir", "a", "b", "c"}})
    {
        const auto r = runRender(args);
        CHECK(r.exitCode == 2);
        CHECK_THAT(r.standardError, Catch::Contains("Try 'faltung-render --help'"));
    }
    const auto help = runRender({"--help"});
    CHECK(help.exitCode == 0);
    CHECK_THAT(help.standardOutput, Catch::Contains("--ir IR INPUT OUTPUT"));
}

TEST_CASE("The rendered file is the convolution, latency compensated, with the whole tail")
{
    ScratchFolder folder;
    struct Case
    {
        int inputChannels, irChannels;
        const char* latency;
        const char* partition;
    };
    for (const auto& c : {Case{1, 1, "efficient", "256"}, Case{2, 4, "zero", "64"},
                          Case{1, 2, "efficient", "4096"}, Case{2, 2, "zero", "1024"}})
    {
        CAPTURE(c.inputChannels, c.irChannels, c.latency, c.partition);
        const auto ir = randomSignal(c.irChannels, 30000, 4, 0.05f);
        const auto in = randomSignal(c.inputChannels, 20000, 5);
        writeWavFile(folder.file("ir.wav"), audio(44100, ir), WavSampleFormat::float32);
        writeWavFile(folder.file("in.wav"), audio(44100, in), WavSampleFormat::float32);

        const auto r = runRender({"--ir", folder.file("ir.wav"), folder.file("in.wav"),
                                  folder.file("out.wav"), "--normalise", "none", "--format", "float32",
                                  "--latency", c.latency, "--partition", c.partition});
        REQUIRE(r.exitCode == 0);
        const auto out = readAudioFile(folder.file("out.wav"));
        CHECK(out.sampleRate == 44100);
        REQUIRE(out.length() == 20000 + 30000 - 1);
        REQUIRE(out.numChannels() == 2 - (c.inputChannels == 1 && c.irChannels == 1));

        // Output L = in L * (LL or L) + in R * RL, as in the engine's routing rules.
        for (int o = 0; o < out.numChannels(); ++o)
        {
            std::vector<double> expected;
            if (c.irChannels == 4)
            {
                accumulate(expected, referenceConvolution(in[0], ir[static_cast<std::size_t>(o)]));
                accumulate(expected, referenceConvolution(in[1], ir[static_cast<std::size_t>(2 + o)]));
            }
            else
            {
                const auto& x = in[static_cast<std::size_t>(c.inputChannels == 2 ? o : 0)];
                expected = referenceConvolution(x, ir[static_cast<std::size_t>(c.irChannels == 2 ? o : 0)]);
            }
            CHECK(errorDb(out.channels[static_cast<std::size_t>(o)], expected, 0) < -100.0);
        }
    }
}

TEST_CASE("Mix 0 gives the dry input back, and gain scales the output")
{
    ScratchFolder folder;
    const auto in = randomSignal(2, 10000, 6);
    writeWavFile(folder.file("ir.wav"), audio(48000, randomSignal(2, 5000, 7)), WavSampleFormat::float32);
    writeWavFile(folder.file("in.wav"), audio(48000, in), WavSampleFormat::float32);
    const auto r = runRender({"--ir", folder.file("ir.wav"), folder.file("in.wav"), folder.file("out.wav"),
                              "--mix", "0", "--gain", "-6", "--format", "float32"});
    REQUIRE(r.exitCode == 0);
    const auto out = readAudioFile(folder.file("out.wav"));
    REQUIRE(out.length() == 10000 + 5000 - 1);
    for (int c = 0; c < 2; ++c)
        for (int i = 0; i < 10000; ++i)
            REQUIRE(out.channels[c][i] == Approx(in[c][i] * std::pow(10.0f, -6.0f / 20.0f)).margin(1e-6));
    CHECK(std::all_of(out.channels[0].begin() + 10000, out.channels[0].end(),
                      [](float x) { return x == 0.0f; }));

    // Held as the plugin's parameter holds it: on its 0.1 dB steps.
    const auto between =
        runRender({"--ir", folder.file("ir.wav"), folder.file("in.wav"), folder.file("out2.wav"), "--mix",
                   "0", "--gain", "-6.04", "--format", "float32"});
    REQUIRE(between.exitCode == 0);
    CHECK(readAudioFile(folder.file("out2.wav")).channels == out.channels);
}

TEST_CASE("An IR at another sample rate is resampled to the input's rate")
{
    ScratchFolder folder;
    writeWavFile(folder.file("ir.wav"), audio(96000, randomSignal(1, 9600, 8)), WavSampleFormat::float32);
    writeWavFile(folder.file("in.wav"), audio(48000, randomSignal(1, 4800, 9)), WavSampleFormat::float32);
    const auto r = runRender({"--ir", folder.file("ir.wav"), folder.file("in.wav"), folder.file("out.wav")});
    REQUIRE(r.exitCode == 0);
    CHECK_THAT(r.standardOutput, Catch::Contains("resampled from 96000 Hz"));
    CHECK(readAudioFile(folder.file("out.wav")).length() == 4800 + 4800 - 1);
}

TEST_CASE("A factory IR renders by id, and an unknown id is refused")
{
    ScratchFolder folder;
    writeWavFile(folder.file("in.wav"), audio(48000, randomSignal(1, 4800, 10)), WavSampleFormat::float32);
    const auto r = runRender({"--factory", "plate", folder.file("in.wav"), folder.file("out.wav")});
    REQUIRE(r.exitCode == 0);
    CHECK_THAT(r.standardOutput, Catch::Contains("through Plate"));
    CHECK(readAudioFile(folder.file("out.wav")).numChannels() == 2);

    const auto bad =
        runRender({"--factory", "broom-cupboard", folder.file("in.wav"), folder.file("out2.wav")});
    CHECK(bad.exitCode == 1);
    CHECK_THAT(bad.standardError, Catch::Contains("no factory IR called 'broom-cupboard'"));
    const auto list = runRender({"--list"});
    CHECK(list.exitCode == 0);
    CHECK_THAT(list.standardOutput, Catch::Contains("concert-hall") && Catch::Contains("Cathedral"));
}

TEST_CASE("A factory preset renders as the plugin's program: its IR and settings, options given with it "
          "change it")
{
    ScratchFolder folder;
    writeWavFile(folder.file("in.wav"), audio(48000, randomSignal(2, 9600, 13)), WavSampleFormat::float32);
    const auto render = [&](std::vector<std::string> args, const std::string& name)
    {
        args.insert(args.end(), {folder.file("in.wav"), folder.file(name), "--format", "float32", "--quiet"});
        const auto r = runRender(args);
        INFO("faltung-render: " << r.standardError);
        REQUIRE(r.exitCode == 0);
        return readAudioFile(folder.file(name));
    };
    // The Cathedral program as the README lists it, option by option.
    const auto byPreset = render({"--preset", "Cathedral"}, "preset.wav");
    const auto byOptions = render({"--factory", "cathedral", "--mix", "35", "--predelay", "30", "--low-cut",
                                   "100", "--high-cut", "8000", "--width", "130", "--eq-high-gain", "-3",
                                   "--late-predelay", "20", "--damp-high", "70"},
                                  "options.wav");
    REQUIRE(byPreset.channels == byOptions.channels);

    // Wherever the option stands, it changes the preset; the preset's id works too.
    const auto before = render({"--mix", "60", "--preset", "cathedral"}, "before.wav");
    const auto after = render({"--preset", "cathedral", "--mix", "60"}, "after.wav");
    CHECK(before.channels == after.channels);
    CHECK(before.channels != byPreset.channels);

    const auto bad = runRender({"--preset", "Broom Cupboard", folder.file("in.wav"), folder.file("bad.wav")});
    CHECK(bad.exitCode == 2);
    CHECK_THAT(bad.standardError, Catch::Contains("no factory preset 'Broom Cupboard'"));
    CHECK_THAT(runRender({"--list"}).standardOutput,
               Catch::Contains("Factory presets") && Catch::Contains("Guitar Cabinet"));
}

TEST_CASE("IR edit options render with the edited IR")
{
    ScratchFolder folder;
    ImpulseResponse ir;
    ir.sampleRate = 48000;
    ir.channels = randomSignal(2, 9600, 11, 0.1f);
    const auto in = randomSignal(2, 4800, 12);
    writeWavFile(folder.file("ir.wav"), audio(48000, ir.channels), WavSampleFormat::float32);
    writeWavFile(folder.file("in.wav"), audio(48000, in), WavSampleFormat::float32);
    const auto r = runRender({"--ir", folder.file("ir.wav"), folder.file("in.wav"), folder.file("out.wav"),
                              "--format", "float32", "--trim-start", "10", "--trim-end", "20", "--stretch",
                              "150", "--reverse", "--attack", "5", "--ir-gain", "-3", "--normalise", "none"});
    REQUIRE(r.exitCode == 0);

    IrEdits edits;
    edits.trimStartMs = 10;
    edits.trimEndMs = 20;
    edits.stretch = 1.5;
    edits.reverse = true;
    edits.attackMs = 5;
    edits.gainDb = -3;
    edits.normalise = false;
    const auto edited = applyEdits(ir, edits);
    const auto out = readAudioFile(folder.file("out.wav"));
    REQUIRE(out.length() == 4800 + edited.length() - 1);
    for (int c = 0; c < 2; ++c)
        CHECK(errorDb(out.channels[c], referenceConvolution(in[c], edited.channels[c]), 0) < -100.0);
}

TEST_CASE("The info option prints the IR's length, peak, onset and RT60 per octave")
{
    const auto r = runRender({"--info", FALTUNG_RESOURCES_DIR "/IRs/concert-hall.flac"});
    REQUIRE(r.exitCode == 0);
    CHECK_THAT(r.standardOutput, Catch::Contains("FLAC") && Catch::Contains("3.200 s") &&
                                     Catch::Contains("RT60:     2.0") && Catch::Contains("8 kHz"));
    const auto bad = runRender({"--info", FALTUNG_RESOURCES_DIR});
    CHECK(bad.exitCode == 1);
    CHECK_THAT(bad.standardError, Catch::Contains("is a folder"));
}

TEST_CASE("The demo option renders the bundled phrase through a factory IR and says what it did")
{
    ScratchFolder folder;
    const auto r = runRender({"--demo"}, folder.path().string());
    REQUIRE(r.exitCode == 0);
    CHECK_THAT(r.standardOutput,
               Catch::Contains("IR:") && Catch::Contains("latency") && Catch::Contains("real time"));
    const auto out = readAudioFile(folder.file("demo-wet.wav"));
    CHECK(out.numChannels() == 2);
    CHECK(out.seconds() > 5.0);
    float peak = 0.0f;
    for (const auto& c : out.channels)
        for (float x : c)
            peak = std::max(peak, std::abs(x));
    CHECK(peak > 0.05f);
    CHECK(peak < 1.0f);
}

TEST_CASE("faltung-render measures the FFT sizes it needs once, in the wisdom file the plugin keeps")
{
    ScratchFolder folder;
    const auto settings = folder.path() / "settings";
    const auto input = folder.file("in.wav");
    writeWavFile(input, audio(48000, randomSignal(2, 48000, 1)), WavSampleFormat::pcm24);
    const auto ir = folder.file("ir.wav");
    writeWavFile(ir, audio(48000, randomSignal(2, 30000, 2, 0.1f)), WavSampleFormat::pcm24);
    const auto renderWith = [&](const std::string& partition)
    {
        return runCommand("env", {"FALTUNG_SETTINGS_FOLDER=" + settings.string(), FALTUNG_RENDER_PATH, "--ir",
                                  ir, input, folder.file("out.wav"), "--partition", partition});
    };
    const std::string measuring =
        "Measuring this machine's FFT speed, once (kept in " + (settings / "fftw3f.wisdom").string() + ")\n";

    const auto first = renderWith("256");
    INFO(first.standardOutput << first.standardError);
    REQUIRE(first.exitCode == 0);
    CHECK(first.standardError == measuring);
    CHECK(std::filesystem::file_size(settings / "fftw3f.wisdom") > 0);

    // The next render of the same sizes plans from the file: nothing to measure.
    const auto second = renderWith("256");
    REQUIRE(second.exitCode == 0);
    CHECK(second.standardError.empty());
    // Other sizes are measured once more, and added.
    const auto third = renderWith("2048");
    REQUIRE(third.exitCode == 0);
    CHECK(third.standardError == measuring);
    CHECK(renderWith("2048").standardError.empty());
    CHECK(renderWith("256").standardError.empty());
}

TEST_CASE("faltung-render takes room_L.wav as the pair with room_R.wav, as the plugin does")
{
    ScratchFolder folder;
    const auto left = randomSignal(1, 20000, 31, 0.1f);
    const auto right = randomSignal(1, 20000, 32, 0.1f);
    writeWavFile(folder.file("room_L.wav"), audio(48000, left), WavSampleFormat::float32);
    writeWavFile(folder.file("room_R.wav"), audio(48000, right), WavSampleFormat::float32);
    // The same room as one stereo file.
    writeWavFile(folder.file("room.wav"), audio(48000, {left[0], right[0]}), WavSampleFormat::float32);
    const auto input = folder.file("in.wav");
    writeWavFile(input, audio(48000, randomSignal(2, 30000, 33)), WavSampleFormat::float32);

    const auto pair = runRender({"--ir", folder.file("room_L.wav"), input, folder.file("pair.wav")});
    INFO(pair.standardOutput << pair.standardError);
    REQUIRE(pair.exitCode == 0);
    CHECK_THAT(pair.standardOutput, Catch::Contains("IR:      room_L.wav + room_R.wav, stereo"));
    REQUIRE(runRender({"--ir", folder.file("room.wav"), input, folder.file("stereo.wav")}).exitCode == 0);

    const auto a = readAudioFile(folder.file("pair.wav"));
    const auto b = readAudioFile(folder.file("stereo.wav"));
    REQUIRE(a.numChannels() == 2);
    CHECK(a.channels == b.channels);
    // And not the left file alone, as mono.
    CHECK(a.channels[0] != a.channels[1]);

    // --info says it is a pair.
    const auto info = runRender({"--info", folder.file("room_R.wav")});
    CHECK_THAT(info.standardOutput, Catch::Contains("pair:     left " + folder.file("room_L.wav")));
}
