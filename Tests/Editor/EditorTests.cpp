// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// The editor on a virtual display: opened at its smallest, default and largest
// sizes and drawn to PNG files (look at them), with IRs loaded, controls dragged
// with simulated mouse events, messages shown, and opened and closed while audio
// runs.
#include "AudioFileIo.h"
#include "FaltungEditor.h"
#include "Parameters.h"
#include "TestFiles.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <malloc.h>
#include <thread>

using namespace faltung;
using namespace faltung::test;

namespace
{
constexpr double kRate = 48000.0;
constexpr int kBlock = 256;

// Lets the loader finish, the audio thread pick up its work, and the editor show it.
void settle(FaltungProcessor& p, FaltungEditor& editor)
{
    p.updateEngineAndLatency();
    REQUIRE(p.waitForImpulseResponse(30000));
    juce::AudioBuffer<float> silence(2, kBlock);
    juce::MidiBuffer midi;
    for (int i = 0; i < 40; ++i)
    {
        silence.clear();
        p.processBlock(silence, midi);
    }
    p.updateEngineAndLatency();
    editor.refresh();
}

juce::Image snapshot(juce::Component& c, const juce::String& name)
{
    const auto image = c.createComponentSnapshot(c.getLocalBounds(), true, 1.0f);
    const juce::File folder(FALTUNG_SCREENSHOT_DIR);
    folder.createDirectory();
    const auto file = folder.getChildFile(name + ".png");
    file.deleteFile();
    juce::FileOutputStream stream(file);
    juce::PNGImageFormat().writeImageToStream(image, stream);
    return image;
}

// The share of pixels in an area of the editor's image that differ from the
// display's empty background.
double drawnShare(const juce::Image& image, juce::Rectangle<int> area, juce::Colour background)
{
    int drawn = 0, total = 0;
    for (int y = area.getY(); y < area.getBottom(); y += 2)
        for (int x = area.getX(); x < area.getRight(); x += 2)
        {
            const auto c = image.getPixelAt(x, y);
            ++total;
            if (std::abs(c.getRed() - background.getRed()) + std::abs(c.getGreen() - background.getGreen()) +
                    std::abs(c.getBlue() - background.getBlue()) >
                60)
                ++drawn;
        }
    return total > 0 ? static_cast<double>(drawn) / total : 0.0;
}

juce::MouseEvent mouseEvent(juce::Component& target, juce::Point<float> position, juce::Point<float> downAt,
                            juce::ModifierKeys modifiers = juce::ModifierKeys::leftButtonModifier,
                            int clicks = 1)
{
    auto source = juce::Desktop::getInstance().getMainMouseSource();
    const auto now = juce::Time::getCurrentTime();
    return juce::MouseEvent(source, position, modifiers, 1.0f, 0.0f, 0.0f, 0.0f, 0.0f, &target, &target, now,
                            downAt, now, clicks, position != downAt);
}

// A press, a drag in steps, and a release, as a user's mouse would make them.
void drag(juce::Component& target, juce::Point<float> from, juce::Point<float> to,
          juce::ModifierKeys modifiers = juce::ModifierKeys::leftButtonModifier)
{
    target.mouseDown(mouseEvent(target, from, from, modifiers));
    for (int step = 1; step <= 10; ++step)
        target.mouseDrag(
            mouseEvent(target, from + (to - from) * (static_cast<float>(step) / 10.0f), from, modifiers));
    target.mouseUp(mouseEvent(target, to, from, modifiers));
}

float parameter(FaltungProcessor& p, const juce::ParameterID& id)
{
    return p.parameters().getRawParameterValue(id.getParamID())->load();
}

juce::Rectangle<int> boundsInEditor(juce::Component& c, FaltungEditor& editor)
{
    return editor.getLocalArea(&c, c.getLocalBounds());
}
} // namespace

TEST_CASE("The editor opens at its smallest, default and largest sizes and draws the IR")
{
    juce::ScopedJuceInitialiser_GUI juce;
    FaltungProcessor p;
    p.prepareToPlay(kRate, kBlock);
    FaltungEditor editor(p);
    settle(p, editor);
    CHECK(editor.header().irMenuButton().getButtonText().startsWith("Concert Hall"));
    CHECK(editor.infoLine().contains("stereo"));
    CHECK(editor.infoLine().contains("RT60"));

    struct Size
    {
        int width;
        const char* name;
    };
    for (const auto& size : {Size{FaltungEditor::kMinWidth, "editor-smallest"},
                             Size{FaltungEditor::kDesignWidth, "editor-default"},
                             Size{FaltungEditor::kMaxWidth, "editor-largest"}})
    {
        CAPTURE(size.name);
        editor.setSize(size.width, size.width * FaltungEditor::kDesignHeight / FaltungEditor::kDesignWidth);
        CHECK(editor.getWidth() == size.width);
        const auto image = snapshot(editor, size.name);
        const auto display = boundsInEditor(editor.irDisplay(), editor).reduced(20);
        CHECK(drawnShare(image, display, juce::Colour(0xff1b1e23)) > 0.05); // the waveform is drawn
        CHECK(drawnShare(image, boundsInEditor(editor.decayView(), editor).reduced(20),
                         juce::Colour(0xff1b1e23)) > 0.02);
    }

    // The window keeps its aspect ratio and its limits.
    auto* constrainer = editor.getConstrainer();
    REQUIRE(constrainer != nullptr);
    CHECK(constrainer->getMinimumWidth() == FaltungEditor::kMinWidth);
    CHECK(constrainer->getMaximumWidth() == FaltungEditor::kMaxWidth);
    CHECK(constrainer->getFixedAspectRatio() ==
          Approx(static_cast<double>(FaltungEditor::kDesignWidth) / FaltungEditor::kDesignHeight));
}

TEST_CASE("Loading a factory IR and a file shows them")
{
    juce::ScopedJuceInitialiser_GUI juce;
    ScratchFolder folder;
    setenv("FALTUNG_SETTINGS_FOLDER", folder.path().c_str(), 1);
    AudioData room;
    room.sampleRate = 44100.0;
    room.channels = randomSignal(1, 22050, 3, 0.2f);
    for (std::size_t i = 0; i < room.channels[0].size(); ++i)
        room.channels[0][i] *= static_cast<float>(std::exp(-static_cast<double>(i) / 4000.0));
    writeWavFile(folder.file("my room.wav"), room, WavSampleFormat::pcm24);

    FaltungProcessor p;
    p.prepareToPlay(kRate, kBlock);
    FaltungEditor editor(p);
    p.loadImpulseResponse(IrSource::factory("plate"));
    settle(p, editor);
    CHECK(editor.header().irMenuButton().getButtonText().startsWith("Plate"));
    snapshot(editor, "editor-plate");

    editor.loadFiles({folder.file("my room.wav")});
    settle(p, editor);
    CHECK(editor.header().irMenuButton().getButtonText().startsWith("my room.wav"));
    CHECK(editor.infoLine().contains("mono"));
    CHECK(editor.infoLine().contains("44.1 kHz"));
    CHECK(editor.infoLine().contains("24-bit"));
    const auto image = snapshot(editor, "editor-file");
    CHECK(drawnShare(image, boundsInEditor(editor.irDisplay(), editor).reduced(20),
                     juce::Colour(0xff1b1e23)) > 0.02);
    unsetenv("FALTUNG_SETTINGS_FOLDER");
}

TEST_CASE("Every control exists and responds to the mouse")
{
    juce::ScopedJuceInitialiser_GUI juce;
    FaltungProcessor p;
    p.prepareToPlay(kRate, kBlock);
    FaltungEditor editor(p);
    settle(p, editor);

    const char* knobs[] = {"mix",          "dryLevel",      "wetLevel",       "predelay",    "lowCut",
                           "highCut",      "width",         "outputGain",     "irTrimStart", "irTrimEnd",
                           "irStretch",    "irDecay",       "irAttack",       "irGain",      "eqLowFreq",
                           "eqLowGain",    "eqBellFreq",    "eqBellGain",     "eqBellQ",     "eqHighFreq",
                           "eqHighGain",   "duckAmount",    "duckThreshold",  "duckRelease", "irSplit",
                           "irEarlyLevel", "irLateLevel",   "irLatePredelay", "irDampLow",   "irDampMid",
                           "irDampHigh",   "irDampLowFreq", "irDampHighFreq"};
    for (const char* id : knobs)
    {
        CAPTURE(id);
        auto* slider = editor.knob(id);
        REQUIRE(slider != nullptr);
        CHECK(slider->getTitle().isNotEmpty());
        CHECK(slider->getTooltip().isNotEmpty());
        CHECK(slider->isDoubleClickReturnEnabled());
    }

    // Dragging the Mix knob up raises the parameter; a double-click puts it back.
    auto* mix = editor.knob("mix");
    const float before = parameter(p, params::mix);
    const auto centre = mix->getLocalBounds().getCentre().toFloat();
    drag(*mix, centre, centre - juce::Point<float>(0.0f, 60.0f));
    const float after = parameter(p, params::mix);
    CHECK(after > before + 5.0f);
    mix->mouseDoubleClick(mouseEvent(*mix, centre, centre, juce::ModifierKeys::leftButtonModifier, 2));
    CHECK(parameter(p, params::mix) == Approx(30.0f));

    // With Shift held, the same drag moves it much less.
    drag(*mix, centre, centre - juce::Point<float>(0.0f, 60.0f),
         juce::ModifierKeys(juce::ModifierKeys::leftButtonModifier | juce::ModifierKeys::shiftModifier));
    const float fine = parameter(p, params::mix) - 30.0f;
    CHECK(fine > 0.0f);
    CHECK(fine < (after - before) / 2.0f);

    // The trim handles on the waveform drag the trim parameters.
    auto& display = editor.irDisplay();
    const auto start =
        display.handlePosition(IrDisplay::Handle::trimStart) + juce::Point<float>(0.0f, 120.0f);
    drag(display, start, start + juce::Point<float>(60.0f, 0.0f));
    CHECK(parameter(p, params::irTrimStart) > 50.0f);
    const auto end = display.handlePosition(IrDisplay::Handle::trimEnd) + juce::Point<float>(0.0f, 120.0f);
    drag(display, end, end - juce::Point<float>(100.0f, 0.0f));
    CHECK(parameter(p, params::irTrimEnd) > 200.0f);
    const auto decay = display.handlePosition(IrDisplay::Handle::decay);
    drag(display, decay, decay + juce::Point<float>(0.0f, 30.0f));
    CHECK(parameter(p, params::irDecay) < 100.0f);
    // The split handle sits at the IR's mixing time while the split is auto, and
    // dragging it sets the split; a double-click makes it auto again.
    REQUIRE(parameter(p, params::irSplit) == 0.0f);
    const auto split = display.handlePosition(IrDisplay::Handle::split);
    CHECK(split.x > display.handlePosition(IrDisplay::Handle::trimStart).x);
    drag(display, split, split + juce::Point<float>(16.0f, 0.0f)); // less than the 300 ms the split reaches
    const float dragged = parameter(p, params::irSplit);
    CHECK(dragged > 0.0f);
    CHECK(display.handlePosition(IrDisplay::Handle::split).x == Approx(split.x + 16.0f).margin(1.0f));
    const auto moved = display.handlePosition(IrDisplay::Handle::split);
    display.mouseDoubleClick(mouseEvent(display, moved, moved, juce::ModifierKeys::leftButtonModifier, 2));
    CHECK(parameter(p, params::irSplit) == 0.0f);

    // The knob follows the parameter when the host automates it.
    auto* width = p.parameters().getParameter("width");
    width->setValueNotifyingHost(width->convertTo0to1(175.0f));
    CHECK(editor.knob("width")->getValue() == Approx(175.0));
    // The EQ curve follows its parameters: a low boost, a bell cut, a high cut.
    for (const auto& [id, value] : {std::pair{"eqLowGain", 6.0f},
                                    {"eqBellGain", -9.0f},
                                    {"eqBellQ", 2.0f},
                                    {"eqHighGain", -8.0f},
                                    {"duckAmount", 6.0f},
                                    {"irLateLevel", -4.0f},
                                    {"irLatePredelay", 20.0f},
                                    {"irDampLow", 140.0f},
                                    {"irDampHigh", 45.0f}})
    {
        auto* parameter = p.parameters().getParameter(id);
        parameter->setValueNotifyingHost(parameter->convertTo0to1(value));
    }
    settle(p, editor);
    snapshot(editor, "editor-edited");
}

TEST_CASE("A bad file and a missing file are explained in the window")
{
    juce::ScopedJuceInitialiser_GUI juce;
    ScratchFolder folder;
    FaltungProcessor p;
    p.prepareToPlay(kRate, kBlock);
    FaltungEditor editor(p);
    settle(p, editor);

    editor.loadFiles({folder.writeText("notes.wav", "just words")});
    settle(p, editor);
    CHECK(editor.banner().isVisible());
    CHECK(editor.banner().text().contains("notes.wav: not a recognised audio file"));
    CHECK(editor.banner().text().contains("still playing Concert Hall"));
    snapshot(editor, "editor-error");

    // A session whose IR file is gone offers to relink it.
    const char* xml = R"(<?xml version="1.0"?>
<FaltungState version="2"><IrSource kind="file" filePath="/nowhere/lost room.wav" hash="0123456789abcdef" size="1000"/></FaltungState>)";
    p.restoreState(*juce::parseXML(xml));
    settle(p, editor);
    CHECK(editor.banner().text().contains("lost room.wav"));
    CHECK(editor.banner().text().contains("is missing"));
    snapshot(editor, "editor-missing");
}

TEST_CASE("The editor opens and closes 300 times while audio runs, without leaking")
{
    juce::ScopedJuceInitialiser_GUI juce;
    FaltungProcessor p;
    p.prepareToPlay(kRate, kBlock);
    std::atomic<bool> running{true};
    std::atomic<int> blocks{0};
    std::thread audio(
        [&]
        {
            juce::AudioBuffer<float> buffer(2, kBlock);
            juce::MidiBuffer midi;
            while (running)
            {
                for (int c = 0; c < 2; ++c)
                    for (int i = 0; i < kBlock; ++i)
                        buffer.setSample(c, i,
                                         0.1f * std::sin(0.01f * static_cast<float>(i + blocks * kBlock)));
                p.processBlock(buffer, midi);
                ++blocks;
                std::this_thread::sleep_for(std::chrono::microseconds(500));
            }
        });

    auto heapInUse = [] { return mallinfo2().uordblks; };
    constexpr int kOpens = 300;
    std::size_t halfway = 0;
    for (int i = 0; i < kOpens; ++i)
    {
        {
            FaltungEditor editor(p);
            editor.setSize(FaltungEditor::kDesignWidth + (i % 5) * 100,
                           (FaltungEditor::kDesignWidth + (i % 5) * 100) * FaltungEditor::kDesignHeight /
                               FaltungEditor::kDesignWidth);
            editor.refresh();
            editor.createComponentSnapshot(editor.getLocalBounds());
        }
        // A host runs its message loop between opening and closing windows: the
        // messages the editor's controls posted are delivered or dropped.
        juce::MessageManager::getInstance()->runDispatchLoopUntil(2);
        if (i == kOpens / 2 - 1)
            halfway = heapInUse();
    }
    running = false;
    audio.join();
    CHECK(blocks > 100);
    // JUCE's caches (glyphs at each scale, message pools) grow over the first few
    // hundred editors, about 1 MB in all, and then stop. An editor that leaked
    // itself, or any part of it, would leave at least several KiB each time.
    const auto growth = static_cast<double>(heapInUse()) - static_cast<double>(halfway);
    WARN("heap growth over the last " << kOpens / 2 << " editor opens: " << growth / 1024.0
                                      << " KiB; audio blocks processed: " << blocks);
    CHECK(growth < 2.0 * 1024 * kOpens / 2);
}
