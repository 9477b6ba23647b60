// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "PluginLoader.h"

#include "TestFiles.h"

#include <catch2/catch.hpp>
#include <lilv/lilv.h>

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

juce::AudioPluginFormat& pluginFormat(PluginFormat format)
{
    static const bool kept = []
    {
        keepModuleLoaded(FALTUNG_VST3_PATH);
        keepModuleLoaded(FALTUNG_LV2_PATH);
        return true;
    }();
    (void)kept;
    static juce::VST3PluginFormat vst3;
    return format == PluginFormat::vst3 ? static_cast<juce::AudioPluginFormat&>(vst3) : lv2Format();
}

// JUCE's description of the built plugin, as a host's scan makes it.
juce::PluginDescription scan(PluginFormat format)
{
    juce::OwnedArray<juce::PluginDescription> types;
    pluginFormat(format).findAllTypesForFile(types, format == PluginFormat::vst3 ? FALTUNG_VST3_PATH
                                                                                 : FALTUNG_LV2_URI);
    REQUIRE(types.size() == 1);
    CHECK(types[0]->name == "Faltung");
    return *types[0];
}

struct FreeWorld
{
    void operator()(LilvWorld* w) const { lilv_world_free(w); }
};
struct FreeNode
{
    void operator()(LilvNode* n) const { lilv_node_free(n); }
};
struct FreeNodes
{
    void operator()(LilvNodes* n) const { lilv_nodes_free(n); }
};
using Node = std::unique_ptr<LilvNode, FreeNode>;
} // namespace

const char* formatName(PluginFormat format)
{
    return format == PluginFormat::vst3 ? "VST3" : "LV2";
}

Lv2Version readLv2Version()
{
    const std::unique_ptr<LilvWorld, FreeWorld> world(lilv_world_new());
    const auto uri = [&](const char* u) { return Node(lilv_new_uri(world.get(), u)); };
    const Node bundle(lilv_new_file_uri(world.get(), nullptr, (std::string(FALTUNG_LV2_PATH) + "/").c_str()));
    lilv_world_load_bundle(world.get(), bundle.get());
    const Node pluginUri = uri(FALTUNG_LV2_URI);
    const auto* plugin = lilv_plugins_get_by_uri(lilv_world_get_all_plugins(world.get()), pluginUri.get());
    REQUIRE(plugin != nullptr);

    Lv2Version v;
    // lilv_plugin_get_value also loads the plugin's data files into the world.
    const auto integer = [&](const char* predicate)
    {
        const std::unique_ptr<LilvNodes, FreeNodes> values(
            lilv_plugin_get_value(plugin, uri(predicate).get()));
        const auto* value = values != nullptr ? lilv_nodes_get_first(values.get()) : nullptr;
        return value != nullptr && lilv_node_is_int(value) ? lilv_node_as_int(value) : -1;
    };
    v.minor = integer(LILV_NS_LV2 "minorVersion");
    v.micro = integer(LILV_NS_LV2 "microVersion");

    // doap:release [ doap:revision "x.y.z" ]: a blank node in the plugin's data.
    const Node release(
        lilv_world_get(world.get(), pluginUri.get(), uri(LILV_NS_DOAP "release").get(), nullptr));
    if (release != nullptr)
    {
        const Node revision(
            lilv_world_get(world.get(), release.get(), uri(LILV_NS_DOAP "revision").get(), nullptr));
        if (revision != nullptr && lilv_node_is_string(revision.get()))
            v.release = lilv_node_as_string(revision.get());
    }
    return v;
}

juce::PluginDescription describePlugin(PluginFormat format)
{
    auto description = scan(format);
    if (format == PluginFormat::lv2 && description.version.isEmpty())
        description.version = readLv2Version().release;
    return description;
}

std::unique_ptr<juce::AudioPluginInstance> createPluginInstance(PluginFormat format, double rate,
                                                                int maxBlock)
{
    const auto description = scan(format);
    juce::String error;
    auto instance = pluginFormat(format).createInstanceFromDescription(description, rate, maxBlock, error);
    INFO(error);
    REQUIRE(instance != nullptr);
    return instance;
}

} // namespace faltung::test
