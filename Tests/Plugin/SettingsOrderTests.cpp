// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// Last writer wins: a restored state, a program selected from any thread, a
// parameter change and an IR load, in every order in which they can reach the
// plugin. Each test forces one interleaving: "off the message thread" is a thread
// of its own, as a host's audio or loading thread; the timer's work is run by
// calling updateEngineAndLatency() when the test wants it; a request that arrives
// while another is being applied is made from inside that one, through a listener
// on a parameter the first one changes; an IR that is still loading is held in the
// loader. Nothing waits for time to pass.
#include "FactoryPresets.h"
#include "PluginTestUtilities.h"

#include <catch2/catch.hpp>

#include <functional>
#include <thread>

using namespace faltung;
using namespace faltung::test;

namespace
{
constexpr double kRate = 48000.0;
constexpr int kBlock = 256;

juce::MemoryBlock stateOf(FaltungProcessor& p)
{
    juce::MemoryBlock m;
    p.getStateInformation(m);
    return m;
}

void restore(FaltungProcessor& p, const juce::MemoryBlock& state)
{
    p.setStateInformation(state.getData(), static_cast<int>(state.getSize()));
}

// As a host's audio thread or loading thread does it.
void offMessageThread(const std::function<void()>& request)
{
    std::thread(request).join();
}

// The state of a fresh instance after the given requests, all made on the message
// thread (applied at once, in order): what the instance under test must end up with.
juce::MemoryBlock stateAfter(const std::function<void(FaltungProcessor&)>& requests)
{
    FaltungProcessor reference;
    requests(reference);
    return stateOf(reference);
}

// Runs an action once, on the thread that changes the parameter, the first time it
// changes after arm(): inside whatever request is being applied then.
class WhenParameterChanges : private juce::AudioProcessorParameter::Listener
{
public:
    WhenParameterChanges(FaltungProcessor& p, const juce::ParameterID& id, std::function<void()> action)
        : parameter_(*p.parameters().getParameter(id.getParamID()))
        , action_(std::move(action))
    {
        parameter_.addListener(this);
    }
    ~WhenParameterChanges() override { parameter_.removeListener(this); }

    void arm() { armed_ = true; }
    bool fired() const { return fired_; }

private:
    void parameterValueChanged(int, float) override
    {
        if (armed_.exchange(false))
        {
            action_();
            fired_ = true;
        }
    }
    void parameterGestureChanged(int, bool) override {}

    juce::AudioProcessorParameter& parameter_;
    std::function<void()> action_;
    std::atomic<bool> armed_{false}, fired_{false};
};

// Programs used below, with settings that differ from the defaults and each other.
constexpr int kPlate = 5;
constexpr int kCathedral = 4;
constexpr int kCabinet = 7;

const juce::MemoryBlock& cathedralState()
{
    static const auto state = stateAfter(
        [](FaltungProcessor& p)
        {
            p.setCurrentProgram(kCathedral);
            setParameter(p, params::outputGain, -3.0f);
        });
    return state;
}
} // namespace

TEST_CASE(
    "A state restored after a program was selected off the message thread wins, whenever the timer runs")
{
    juce::ScopedJuceInitialiser_GUI juce;
    for (bool restoreOffMessageThread : {false, true})
    {
        CAPTURE(restoreOffMessageThread);
        FaltungProcessor p;
        offMessageThread([&] { p.setCurrentProgram(kPlate); });
        CHECK(p.getCurrentProgram() == kPlate); // asked for, not applied yet
        if (restoreOffMessageThread)
            offMessageThread([&] { restore(p, cathedralState()); });
        else
            restore(p, cathedralState());
        CHECK(p.getCurrentProgram() == kCathedral);
        p.updateEngineAndLatency(); // the timer, after the restore
        CHECK(stateOf(p) == cathedralState());
        CHECK(p.requestedImpulseResponse() == IrSource::factory("cathedral"));
    }
}

TEST_CASE("A state that arrives while the timer applies a program wins")
{
    juce::ScopedJuceInitialiser_GUI juce;
    FaltungProcessor p;
    std::thread restorer;
    // The first setting the program changes starts the restore, from a thread of its
    // own (as a host loading a session), while the program is still being applied.
    WhenParameterChanges hook(p, params::mix,
                              [&] { restorer = std::thread([&] { restore(p, cathedralState()); }); });
    offMessageThread([&] { p.setCurrentProgram(kCabinet); });
    hook.arm();
    p.updateEngineAndLatency();
    restorer.join();
    CHECK(hook.fired());
    CHECK(stateOf(p) == cathedralState());
}

TEST_CASE("A program selected off the message thread while a state is restored is applied after it")
{
    juce::ScopedJuceInitialiser_GUI juce;
    FaltungProcessor p;
    WhenParameterChanges hook(p, params::mix,
                              [&] { offMessageThread([&] { p.setCurrentProgram(kCabinet); }); });
    hook.arm();
    restore(p, cathedralState());
    CHECK(hook.fired());
    CHECK(p.getCurrentProgram() == kCabinet);
    p.updateEngineAndLatency();
    const auto expected = stateAfter(
        [](FaltungProcessor& reference)
        {
            restore(reference, cathedralState());
            reference.setCurrentProgram(kCabinet);
        });
    CHECK(stateOf(p) == expected);
    CHECK(parameterValue(p, params::outputGain) == Approx(-3.0f)); // from the state: no program sets it
}

TEST_CASE("Two states restored at once: the one asked for while the other was applied wins")
{
    juce::ScopedJuceInitialiser_GUI juce;
    FaltungProcessor p;
    const auto plate = stateAfter([](FaltungProcessor& reference) { reference.setCurrentProgram(kPlate); });
    std::thread second;
    WhenParameterChanges hook(p, params::mix, [&] { second = std::thread([&] { restore(p, plate); }); });
    hook.arm();
    restore(p, cathedralState());
    second.join();
    CHECK(hook.fired());
    CHECK(stateOf(p) == plate);
}

TEST_CASE("A parameter changed after a program was selected keeps its value, one changed before does not")
{
    juce::ScopedJuceInitialiser_GUI juce;
    const auto& preset = factoryPresets()[kPlate];
    {
        FaltungProcessor p;
        offMessageThread([&] { p.setCurrentProgram(kPlate); });
        offMessageThread([&] { setParameter(p, params::predelay, 42.0f); }); // automation, same block
        p.updateEngineAndLatency();
        CHECK(parameterValue(p, params::predelay) == Approx(42.0f));
        CHECK(parameterValue(p, params::lowCut) == Approx(preset.lowCutHz));
        CHECK(parameterValue(p, params::mix) == Approx(preset.mixPercent));
        CHECK(p.requestedImpulseResponse() == IrSource::factory(preset.factoryIrId));
        CHECK(p.getCurrentProgram() == kPlate);
    }
    {
        FaltungProcessor p;
        offMessageThread([&] { setParameter(p, params::predelay, 42.0f); });
        offMessageThread([&] { p.setCurrentProgram(kPlate); });
        p.updateEngineAndLatency();
        CHECK(parameterValue(p, params::predelay) == Approx(preset.predelayMs));
    }
}

TEST_CASE("The state saved right after a program was selected off the message thread is that program's")
{
    juce::ScopedJuceInitialiser_GUI juce;
    FaltungProcessor p;
    offMessageThread([&] { p.setCurrentProgram(kCathedral); });
    // No timer has run: saving applies what was asked for.
    CHECK(stateOf(p) ==
          stateAfter([](FaltungProcessor& reference) { reference.setCurrentProgram(kCathedral); }));
    CHECK(p.getCurrentProgram() == kCathedral);
}

TEST_CASE(
    "An IR loaded after a program was selected stays, and a state saved while IRs load is what was asked for")
{
    juce::ScopedJuceInitialiser_GUI juce;
    FaltungProcessor p;
    p.prepareToPlay(kRate, kBlock);
    settle(p, kRate, kBlock);

    // Hold every build until released, so that the IRs below are still loading.
    std::atomic<bool> release{false};
    std::atomic<int> held{0};
    p.loaderForTesting().setBeforeBuildForTesting(
        [&]
        {
            ++held;
            while (!release)
                std::this_thread::yield();
        });

    offMessageThread([&] { p.setCurrentProgram(kPlate); });
    p.loadImpulseResponse(IrSource::factory("cabinet")); // the user's choice, after the program
    p.updateEngineAndLatency();
    CHECK(p.requestedImpulseResponse() == IrSource::factory("cabinet"));
    CHECK(parameterValue(p, params::lowCut) == Approx(factoryPresets()[kPlate].lowCutHz));
    CHECK(p.getCurrentProgram() == kPlate);
    const auto saved = stateOf(p);
    CHECK(p.isLoadingImpulseResponse());
    CHECK(p.loadedImpulseResponse().name == "Concert Hall"); // still playing

    // A session restored while that IR loads: its own IR is saved, not the one loading.
    restore(p, cathedralState());
    CHECK(stateOf(p) == cathedralState());

    release = true;
    REQUIRE(p.waitForImpulseResponse(30000));
    p.loaderForTesting().setBeforeBuildForTesting({});
    settle(p, kRate, kBlock);
    CHECK(held > 0);
    CHECK(p.loadedImpulseResponse().name == "Cathedral");
    CHECK(stateOf(p) == cathedralState());

    // And the state saved before the restore comes back whole, cabinet included.
    restore(p, saved);
    settle(p, kRate, kBlock);
    CHECK(p.loadedImpulseResponse().name == "Guitar Cabinet");
    CHECK(stateOf(p) == saved);
}

TEST_CASE("A state that is not Faltung's changes nothing and keeps a program that was asked for")
{
    juce::ScopedJuceInitialiser_GUI juce;
    FaltungProcessor p;
    offMessageThread([&] { p.setCurrentProgram(kPlate); });
    const auto other = juce::parseXML("<SomeOtherPlugin gain=\"1\"/>");
    p.restoreState(*other);
    CHECK(p.getCurrentProgram() == kPlate);
    p.updateEngineAndLatency();
    CHECK(stateOf(p) == stateAfter([](FaltungProcessor& reference) { reference.setCurrentProgram(kPlate); }));
}
