// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// A validator in the spirit of pluginval at strictness 10, on the built VST3 and
// LV2 loaded through JUCE's plugin hosting: every common sample rate, block sizes
// from 1 to 8192 changing on every call, prepare without release and release /
// prepare cycles, every bus layout the plugin declares, every parameter swept and
// fuzzed from the message thread and the audio thread at once, state round trips
// per parameter, state restored on a background thread while audio runs, IRs
// swapped many times a second, and the editor opened while audio runs. Every
// block's output is checked for NaN, infinity and subnormals (OutputCheck).
//
// FALTUNG_LONG_TESTS=1 in the environment makes each scenario about ten times longer.
#include "HostX11.h"
#include "OutputCheck.h"
#include "PluginLoader.h"

#include <catch2/catch.hpp>
#include <juce_audio_processors/juce_audio_processors.h>

#include <chrono>
#include <cstdlib>
#include <limits>
#include <random>
#include <thread>
#include <tuple>

using namespace faltung::test;
using Clock = std::chrono::steady_clock;

namespace
{
constexpr PluginFormat kFormats[] = {PluginFormat::vst3, PluginFormat::lv2};

int lengthFactor()
{
    return std::getenv("FALTUNG_LONG_TESTS") != nullptr ? 10 : 1;
}

// Prepared as a host does: buses, then the play configuration, then prepareToPlay.
std::unique_ptr<juce::AudioPluginInstance> loadPrepared(PluginFormat format, double rate, int maxBlock)
{
    auto p = createPluginInstance(format, rate, maxBlock);
    p->enableAllBuses();
    p->setPlayConfigDetails(p->getTotalNumInputChannels(), p->getTotalNumOutputChannels(), rate, maxBlock);
    p->prepareToPlay(rate, maxBlock);
    return p;
}

// Test input that a validator would send: noise, silence (tails decaying), impulses
// and full-scale square waves, changing from block to block.
void fillInput(juce::AudioBuffer<float>& buffer, int numSamples, std::mt19937& rng)
{
    std::uniform_real_distribution<float> noise(-0.5f, 0.5f);
    const int kind = std::uniform_int_distribution<int>(0, 7)(rng);
    for (int c = 0; c < buffer.getNumChannels(); ++c)
        for (int i = 0; i < numSamples; ++i)
        {
            float x = 0.0f;
            if (kind < 4)
                x = noise(rng);
            else if (kind == 4)
                x = i == 0 ? 1.0f : 0.0f;
            else if (kind == 5)
                x = (i / 37) % 2 == 0 ? 1.0f : -1.0f;
            buffer.setSample(c, i, x);
        }
}

// One host audio callback of numSamples, output checked.
void processChecked(juce::AudioPluginInstance& p, juce::AudioBuffer<float>& buffer, int numSamples,
                    std::mt19937& rng, OutputCheck& check)
{
    const int channels = juce::jmax(p.getTotalNumInputChannels(), p.getTotalNumOutputChannels());
    juce::AudioBuffer<float> view(buffer.getArrayOfWritePointers(), channels, 0, numSamples);
    fillInput(view, numSamples, rng);
    juce::MidiBuffer midi;
    p.processBlock(view, midi);
    check.check(view, p.getTotalNumOutputChannels(), numSamples);
}

// Block sizes as a validator picks them: anything from 1 to the prepared maximum,
// with the extremes often.
int randomBlockSize(std::mt19937& rng, int maxBlock)
{
    const int r = std::uniform_int_distribution<int>(0, 9)(rng);
    if (r == 0)
        return 1;
    if (r == 1)
        return maxBlock;
    return std::uniform_int_distribution<int>(1, maxBlock)(rng);
}

void pumpMessages(int milliseconds)
{
    juce::MessageManager::getInstance()->runDispatchLoopUntil(milliseconds);
}

// Runs the message loop until the audio thread has checked at least this many
// blocks: a count each test reaches however slow the machine is.
void pumpUntilBlocks(const OutputCheck& check, long blocks)
{
    while (check.blocks() < blocks)
        pumpMessages(10);
}

// An audio thread that keeps calling processBlock with random block sizes until
// stopped, optionally moving parameters between blocks as host automation does.
class AudioThread
{
public:
    AudioThread(juce::AudioPluginInstance& p, int maxBlock, OutputCheck& check, bool automate)
        : thread_(
              [this, &p, maxBlock, &check, automate]
              {
                  std::mt19937 rng(11);
                  std::uniform_real_distribution<float> unit(0.0f, 1.0f);
                  juce::AudioBuffer<float> buffer(2, maxBlock);
                  auto& parameters = p.getParameters();
                  while (!stop_)
                  {
                      // Audio-rate automation: a new value every block, blocks of a
                      // few samples to the maximum.
                      if (automate)
                          for (int k = 0; k < 3; ++k)
                              parameters[std::uniform_int_distribution<int>(0, parameters.size() - 1)(rng)]
                                  ->setValue(unit(rng));
                      const int n = unit(rng) < 0.5f ? 1 + static_cast<int>(unit(rng) * 32.0f)
                                                     : randomBlockSize(rng, maxBlock);
                      processChecked(p, buffer, n, rng, check);
                      std::this_thread::sleep_for(std::chrono::microseconds(300));
                  }
              })
    {
    }
    ~AudioThread() { stopAndJoin(); }
    void stopAndJoin()
    {
        stop_ = true;
        if (thread_.joinable())
            thread_.join();
    }

private:
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

juce::MemoryBlock stateOf(juce::AudioPluginInstance& p)
{
    juce::MemoryBlock m;
    p.getStateInformation(m);
    return m;
}

// A state as a person reads it, for a failure message: JUCE's VST3 host keeps XML,
// its LV2 host Turtle with the plugin's own state in base64, shown decoded.
std::string describeState(const juce::MemoryBlock& state)
{
    if (auto xml = juce::AudioProcessor::getXmlFromBinary(state.getData(), static_cast<int>(state.getSize())))
    {
        juce::MemoryBlock component;
        if (auto* c = xml->getChildByName("IComponent");
            c != nullptr && component.fromBase64Encoding(c->getAllSubText()))
            if (auto inner = juce::AudioProcessor::getXmlFromBinary(component.getData(),
                                                                    static_cast<int>(component.getSize())))
                return inner->toString().toStdString();
        return xml->toString().toStdString();
    }
    const auto text = state.toString();
    int open = -1, close = -1; // the longest quoted string
    for (int q = text.indexOfChar('"'), end; q >= 0 && (end = text.indexOfChar(q + 1, '"')) > q;
         q = text.indexOfChar(end + 1, '"'))
        if (end - q > close - open)
            std::tie(open, close) = std::tuple(q, end);
    juce::MemoryBlock pluginState;
    if (close > open && pluginState.fromBase64Encoding(text.substring(open + 1, close)))
        if (auto xml = juce::AudioProcessor::getXmlFromBinary(pluginState.getData(),
                                                              static_cast<int>(pluginState.getSize())))
            return (text.substring(0, open) + "\n" + xml->toString() + text.substring(close + 1))
                .toStdString();
    return text.toStdString();
}

juce::AudioProcessor::BusesLayout layoutOf(const juce::AudioChannelSet& in, const juce::AudioChannelSet& out)
{
    juce::AudioProcessor::BusesLayout layout;
    layout.inputBuses.add(in);
    layout.outputBuses.add(out);
    return layout;
}

long totalBlocks = 0; // over all scenarios, for the report
} // namespace

TEST_CASE("Every sample rate, block sizes from 1 to 8192 changing every call, prepare and release cycles")
{
    juce::ScopedJuceInitialiser_GUI juce;
    OutputCheck check;
    std::mt19937 rng(1);
    juce::AudioBuffer<float> buffer(2, 8192);
    for (auto format : kFormats)
        for (double rate : {22050.0, 32000.0, 44100.0, 48000.0, 88200.0, 96000.0, 176400.0, 192000.0})
        {
            CAPTURE(formatName(format), rate);
            auto p = loadPrepared(format, rate, 8192);
            for (int call = 0; call < 60 * lengthFactor(); ++call)
                processChecked(*p, buffer, randomBlockSize(rng, 8192), rng, check);
            // Prepared again without a release in between, for one sample at a time.
            p->prepareToPlay(rate, 1);
            for (int call = 0; call < 300; ++call)
                processChecked(*p, buffer, 1, rng, check);
            // Released and prepared again, several times, at other block sizes.
            for (int maxBlock : {64, 512, 4096})
            {
                p->releaseResources();
                p->prepareToPlay(rate, maxBlock);
                for (int call = 0; call < 40; ++call)
                    processChecked(*p, buffer, randomBlockSize(rng, maxBlock), rng, check);
            }
            p->releaseResources();
        }
    totalBlocks += check.blocks();
    WARN("sample rates and block sizes: " << check.summary());
    CHECK(check.clean());
}

TEST_CASE("Every declared bus layout plays, buses are disabled and enabled again, other layouts play safely")
{
    juce::ScopedJuceInitialiser_GUI juce;
    OutputCheck check;
    std::mt19937 rng(2);
    using Set = juce::AudioChannelSet;
    const std::pair<Set, Set> supported[] = {
        {Set::mono(), Set::mono()}, {Set::mono(), Set::stereo()}, {Set::stereo(), Set::stereo()}};
    int layoutsPlayed = 0;
    for (auto format : kFormats)
    {
        CAPTURE(formatName(format));
        auto p = loadPrepared(format, 48000.0, 1024);
        juce::AudioBuffer<float> buffer(2, 1024);
        for (const auto& [in, out] : supported)
        {
            const auto layout = layoutOf(in, out);
            // JUCE's LV2 host offers only the ports the bundle declares (stereo in
            // and out): that one is always played; others where the format allows.
            if (!p->checkBusesLayoutSupported(layout))
            {
                CHECK(format == PluginFormat::lv2);
                continue;
            }
            p->releaseResources();
            REQUIRE(p->setBusesLayout(layout));
            p->prepareToPlay(48000.0, 1024);
            CHECK(p->getTotalNumInputChannels() == in.size());
            CHECK(p->getTotalNumOutputChannels() == out.size());
            for (int call = 0; call < 100; ++call)
                processChecked(*p, buffer, randomBlockSize(rng, 1024), rng, check);
            ++layoutsPlayed;
        }
        // Stereo in, mono out is not a layout the plugin declares, but JUCE 7.0.5's VST3
        // host reports it as supported: whatever the host then does must play safely.
        juce::AudioProcessor::BusesLayout stereoToMono;
        stereoToMono.inputBuses.add(Set::stereo());
        stereoToMono.outputBuses.add(Set::mono());
        if (p->checkBusesLayoutSupported(stereoToMono))
        {
            p->releaseResources();
            p->setBusesLayout(stereoToMono);
            p->prepareToPlay(48000.0, 1024);
            for (int call = 0; call < 30; ++call)
                processChecked(*p, buffer, randomBlockSize(rng, 1024), rng, check);
            p->releaseResources();
            REQUIRE(p->setBusesLayout(layoutOf(Set::stereo(), Set::stereo())));
        }

        // Disable and enable each bus as pluginval does, processing each time.
        for (bool isInput : {true, false})
            for (int bus = 0; bus < p->getBusCount(isInput); ++bus)
            {
                p->releaseResources();
                p->enableAllBuses();
                p->getBus(isInput, bus)->enable(false);
                p->prepareToPlay(48000.0, 1024);
                for (int call = 0; call < 30; ++call)
                    processChecked(*p, buffer, randomBlockSize(rng, 1024), rng, check);
                p->releaseResources();
                p->getBus(isInput, bus)->enable(true);
                p->prepareToPlay(48000.0, 1024);
                for (int call = 0; call < 30; ++call)
                    processChecked(*p, buffer, randomBlockSize(rng, 1024), rng, check);
            }
    }
    totalBlocks += check.blocks();
    WARN("layouts: " << layoutsPlayed << " layouts played; " << check.summary());
    CHECK(layoutsPlayed >= 4);
    CHECK(check.clean());
}

TEST_CASE("Every parameter swept and fuzzed from the message thread while the audio thread automates them")
{
    juce::ScopedJuceInitialiser_GUI juce;
    OutputCheck check;
    for (auto format : kFormats)
    {
        CAPTURE(formatName(format));
        auto p = loadPrepared(format, 48000.0, 512);
        auto& parameters = p->getParameters();
        REQUIRE(parameters.size() >= 21);
        long changes = 0;
        {
            AudioThread audio(*p, 512, check, true);
            std::mt19937 rng(3);
            std::uniform_real_distribution<float> unit(0.0f, 1.0f);
            // Sweeps: each parameter from 0 to 1 and back, its text read at every
            // step as a host's display would.
            for (auto* parameter : parameters)
            {
                for (int step = 0; step <= 40; ++step)
                {
                    const float v = static_cast<float>(step <= 20 ? step : 40 - step) / 20.0f;
                    parameter->setValueNotifyingHost(v);
                    const auto text = parameter->getText(parameter->getValue(), 32);
                    CHECK(std::isfinite(parameter->getValueForText(text)));
                    ++changes;
                }
                pumpMessages(1);
            }
            // Fuzz: random values on random parameters, for a while.
            const auto start = Clock::now();
            while (Clock::now() - start < std::chrono::milliseconds(1500 * lengthFactor()))
            {
                for (int k = 0; k < 10; ++k, ++changes)
                    parameters[std::uniform_int_distribution<int>(0, parameters.size() - 1)(rng)]
                        ->setValueNotifyingHost(unit(rng));
                pumpMessages(2);
            }
            audio.stopAndJoin();
        }
        // Back to defaults, delivered with the next blocks, and the rebuilds landed.
        for (auto* parameter : parameters)
            parameter->setValueNotifyingHost(parameter->getDefaultValue());
        {
            AudioThread audio(*p, 512, check, false);
            pumpMessages(500);
            pumpUntilBlocks(check, 1001);
        }
        for (auto* parameter : parameters)
        {
            CAPTURE(parameter->getName(64));
            CHECK(std::isfinite(parameter->getValue()));
            CHECK(parameter->getValue() >= 0.0f);
            CHECK(parameter->getValue() <= 1.0f);
        }
        WARN(formatName(format) << ": " << changes << " parameter changes from the message thread");
    }
    totalBlocks += check.blocks();
    WARN("parameter fuzz: " << check.summary());
    CHECK(check.blocks() > 1000);
    CHECK(check.clean());
}

TEST_CASE("State round-trips byte for byte with each parameter at its extremes and between")
{
    juce::ScopedJuceInitialiser_GUI juce;
    OutputCheck check;
    juce::AudioBuffer<float> buffer(2, 512);
    int roundTrips = 0;
    for (auto format : kFormats)
    {
        CAPTURE(formatName(format));
        auto a = loadPrepared(format, 48000.0, 512);
        auto b = loadPrepared(format, 48000.0, 512);
        std::mt19937 rng(4);
        std::uniform_real_distribution<float> unit(0.0f, 1.0f);
        for (int index = 0; index < a->getParameters().size(); ++index)
        {
            auto* parameter = a->getParameters()[index];
            CAPTURE(parameter->getName(64));
            for (float value : {0.0f, 1.0f, unit(rng), parameter->getDefaultValue()})
            {
                CAPTURE(value);
                parameter->setValueNotifyingHost(value);
                processChecked(*a, buffer, 64, rng, check); // a host delivers the change with the next block
                const auto saved = stateOf(*a);
                b->setStateInformation(saved.getData(), static_cast<int>(saved.getSize()));
                processChecked(*b, buffer, 64, rng, check);
                // (Values themselves are not compared: JUCE's hosts keep the value set,
                // unsnapped, and the VST3 exposes the program as a parameter too.)
                CHECK(stateOf(*b) == saved);
                // The same instance restoring its own state changes nothing either.
                a->setStateInformation(saved.getData(), static_cast<int>(saved.getSize()));
                CHECK(stateOf(*a) == saved);
                ++roundTrips;
            }
        }
    }
    totalBlocks += check.blocks();
    WARN("byte-identical state round trips: " << roundTrips << "; " << check.summary());
    CHECK(roundTrips >= 2 * 21 * 4);
    CHECK(check.clean());
}

// (No ':' in a test name: Catch2 2.13 indents a wrapped name by the colon's column,
// and one far to the right made its console reporter print dashes without end.)
TEST_CASE("States restored on a background thread and programs switched while audio runs swap IRs many "
          "times a second")
{
    juce::ScopedJuceInitialiser_GUI juce;
    OutputCheck check;
    for (auto format : kFormats)
    {
        CAPTURE(formatName(format));
        auto p = loadPrepared(format, 48000.0, 1024);
        // A state per program (each its own factory IR), made first.
        std::vector<juce::MemoryBlock> states;
        for (int program = 0; program < p->getNumPrograms(); ++program)
        {
            p->setCurrentProgram(program);
            pumpMessages(20);
            states.push_back(stateOf(*p));
        }
        REQUIRE(states.size() == 8);
        // Counts, not a duration: a slow machine (or a sanitizer) takes longer, and
        // does the same work.
        constexpr int kRestores = 60, kMinProgramSwitches = 16;
        int restored = 0, programSwitches = 0;
        const auto start = Clock::now();
        auto swapsEnd = start;
        {
            AudioThread audio(*p, 1024, check, false);
            std::atomic<bool> stopped{false};
            std::thread restorer(
                [&]
                {
                    std::mt19937 rng(5);
                    for (; restored < kRestores; ++restored)
                    {
                        const auto& s =
                            states[std::uniform_int_distribution<std::size_t>(0, states.size() - 1)(rng)];
                        // The plugin restores on this thread; the host's side of it is
                        // the message thread's (JUCE's LV2 host asserts it, its VST3 host
                        // takes this lock itself), as in a host that loads sessions on
                        // a thread of its own.
                        const juce::MessageManagerLock hostLock;
                        p->setStateInformation(s.getData(), static_cast<int>(s.getSize()));
                        std::this_thread::sleep_for(std::chrono::milliseconds(25)); // up to 40 a second
                    }
                    stopped = true;
                });
            // JUCE's VST3 host takes the message manager lock in setStateInformation:
            // the message loop runs until the restorer is done, as a host's would.
            for (int i = 0; !stopped || i < kMinProgramSwitches; ++i, ++programSwitches)
            {
                p->setCurrentProgram(i % p->getNumPrograms());
                pumpMessages(50); // up to 20 a second
            }
            restorer.join();
            swapsEnd = Clock::now();
            // The last word: a known state, restored while the audio still runs.
            p->setStateInformation(states[6].getData(), static_cast<int>(states[6].getSize()));
            pumpMessages(1500);
            pumpUntilBlocks(check, 1001);
        }
        const double seconds = std::chrono::duration<double>(swapsEnd - start).count();
        WARN(formatName(format) << ": " << restored << " states restored on a background thread and "
                                << programSwitches << " programs switched in " << seconds << " s ("
                                << (restored + programSwitches) / seconds << " IR swaps a second)");
        CHECK(restored == kRestores);
        const auto last = stateOf(*p);
        if (last != states[6])
            CHECK(describeState(last) == describeState(states[6]));
        CHECK(last == states[6]);
    }
    totalBlocks += check.blocks();
    WARN("state and IR swaps: " << check.summary());
    CHECK(check.blocks() > 1000);
    CHECK(check.clean());
}

TEST_CASE("The editor opens and closes while audio runs and parameters move")
{
    installHostXErrorHandler();
    juce::ScopedJuceInitialiser_GUI juce;
    OutputCheck check;
    int opened = 0;
    for (auto format : kFormats)
    {
        CAPTURE(formatName(format));
        auto p = loadPrepared(format, 48000.0, 512);
        REQUIRE(p->hasEditor());
        AudioThread audio(*p, 512, check, true);
        for (int i = 0; i < 4 * lengthFactor(); ++i)
        {
            std::unique_ptr<juce::AudioProcessorEditor> editor(p->createEditorIfNeeded());
            REQUIRE(editor != nullptr);
            CHECK(editor->getWidth() > 100);
            editor->setVisible(true);
            editor->addToDesktop(juce::ComponentPeer::windowHasTitleBar);
            pumpMessages(250);
            // The plugin's UI follows host changes while it is open.
            p->getParameters()[i % p->getParameters().size()]->setValueNotifyingHost(0.3f);
            pumpMessages(100);
            editor.reset();
            pumpMessages(50);
            ++opened;
        }
        audio.stopAndJoin();
    }
    totalBlocks += check.blocks();
    WARN("editor opened " << opened << " times while audio ran; " << check.summary()
                          << "; blocks over all validation scenarios so far: " << totalBlocks);
    CHECK(check.clean());
}

TEST_CASE("Input with NaN, infinity and huge values never makes the output non-finite")
{
    juce::ScopedJuceInitialiser_GUI juce;
    OutputCheck check;
    std::mt19937 rng(6);
    for (auto format : kFormats)
    {
        CAPTURE(formatName(format));
        auto p = loadPrepared(format, 48000.0, 512);
        juce::AudioBuffer<float> buffer(2, 512);
        juce::MidiBuffer midi;
        const float bad[] = {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity(),
                             -std::numeric_limits<float>::infinity(), 3.0e38f, -1.0e30f};
        for (int call = 0; call < 400; ++call)
        {
            const int n = randomBlockSize(rng, 512);
            juce::AudioBuffer<float> view(buffer.getArrayOfWritePointers(), 2, 0, n);
            fillInput(view, n, rng);
            if (call % 4 == 0)
                view.setSample(call % 2, std::uniform_int_distribution<int>(0, n - 1)(rng),
                               bad[call / 4 % 5]);
            p->processBlock(view, midi);
            check.check(view, 2, n);
        }
    }
    totalBlocks += check.blocks();
    WARN("non-finite input: " << check.summary());
    CHECK(check.clean());
}
