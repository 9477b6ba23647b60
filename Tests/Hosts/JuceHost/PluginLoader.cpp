// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "PluginLoader.h"

#include "TestFiles.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <dlfcn.h>
#include <filesystem>

namespace faltung::test
{

namespace
{
// Keeps the plugin's shared object mapped until the process ends, as many hosts do:
// what it still holds at exit (FFTW keeps its planner's memory for the life of the
// process) is then reachable for LeakSanitizer, instead of left without a pointer
// by a module JUCE unloaded. Memory an instance leaks is reported all the same.
void keepModuleLoaded(const std::filesystem::path& bundle)
{
    for (const auto& entry : std::filesystem::recursive_directory_iterator(bundle))
        if (entry.path().extension() == ".so")
            dlopen(entry.path().c_str(), RTLD_LAZY | RTLD_LOCAL | RTLD_NODELETE);
}

juce::LV2PluginFormat& lv2Format()
{
    static ScratchFolder home;
    static juce::LV2PluginFormat* format = []
    {
        std::filesystem::create_directories(home.path() / ".lv2");
        std::filesystem::create_directory_symlink(FALTUNG_LV2_PATH, home.path() / ".lv2" / "Faltung.lv2");
        setenv("HOME", home.path().c_str(), 1);
        return new juce::LV2PluginFormat();
    }();
    return *format;
}
} // namespace

const char* formatName(PluginFormat format)
{
    return format == PluginFormat::vst3 ? "VST3" : "LV2";
}

std::unique_ptr<juce::AudioPluginInstance> createPluginInstance(PluginFormat format, double rate,
                                                                int maxBlock)
{
    static const bool kept = []
    {
        keepModuleLoaded(FALTUNG_VST3_PATH);
        keepModuleLoaded(FALTUNG_LV2_PATH);
        return true;
    }();
    (void)kept;
    juce::OwnedArray<juce::PluginDescription> types;
    static juce::VST3PluginFormat vst3;
    juce::AudioPluginFormat& f =
        format == PluginFormat::vst3 ? static_cast<juce::AudioPluginFormat&>(vst3) : lv2Format();
    f.findAllTypesForFile(types, format == PluginFormat::vst3 ? FALTUNG_VST3_PATH : FALTUNG_LV2_URI);
    REQUIRE(types.size() == 1);
    CHECK(types[0]->name == "Faltung");
    juce::String error;
    auto instance = f.createInstanceFromDescription(*types[0], rate, maxBlock, error);
    INFO(error);
    REQUIRE(instance != nullptr);
    return instance;
}

} // namespace faltung::test
