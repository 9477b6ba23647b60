// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// libFuzzer target: the session state parser, fed as a host feeds it: each input
// is a state blob given to FaltungProcessor::setStateInformation (JUCE's binary
// wrapper around the XML, any version, with or without an embedded IR). The
// loader then loads what the state names; afterwards every parameter must hold a
// finite value in its range, and the state must save and restore again.
#include "FaltungProcessor.h"

#include <juce_audio_processors/juce_audio_processors.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>

using namespace faltung;

namespace
{
[[noreturn]] void fail(const char* what)
{
    std::fprintf(stderr, "StateFuzzer: %s\n", what);
    std::abort();
}

struct Plugin
{
    Plugin()
    {
        // An empty IR folder: states name files, and the loader searches the IR
        // folder for moved ones; never let it walk the user's.
        const auto folder = std::filesystem::temp_directory_path() / "faltung-fuzz-ir-folder";
        std::filesystem::create_directories(folder);
        setenv("FALTUNG_IR_FOLDER", folder.c_str(), 1);
        processor = std::make_unique<FaltungProcessor>();
        processor->waitForImpulseResponse(30000);
    }

    juce::ScopedJuceInitialiser_GUI juce;
    std::unique_ptr<FaltungProcessor> processor;
};

void restore(FaltungProcessor& p, const void* data, int size)
{
    p.setStateInformation(data, size);
    if (!p.waitForImpulseResponse(60000))
        fail("the loader did not finish within a minute");
    // What the loader posts to the message thread, as a host's loop would run it.
    juce::MessageManager::getInstance()->runDispatchLoopUntil(1);
}

void checkParameters(FaltungProcessor& p)
{
    for (auto* parameter : p.getParameters())
    {
        const float v = parameter->getValue();
        if (!std::isfinite(v) || v < 0.0f || v > 1.0f)
        {
            std::fprintf(stderr, "parameter %s = %g\n", parameter->getName(64).toRawUTF8(),
                         static_cast<double>(v));
            fail("a restored parameter is not finite or out of its range");
        }
    }
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static Plugin plugin;
    auto& p = *plugin.processor;
    if (size > static_cast<std::size_t>(std::numeric_limits<int>::max()))
        return 0;
    restore(p, data, static_cast<int>(size));
    checkParameters(p);

    // What was restored saves, and that restores again.
    juce::MemoryBlock saved;
    p.getStateInformation(saved);
    restore(p, saved.getData(), static_cast<int>(saved.getSize()));
    checkParameters(p);
    return 0;
}
