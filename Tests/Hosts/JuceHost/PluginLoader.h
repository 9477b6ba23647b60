// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include <juce_audio_processors/juce_audio_processors.h>

#include <memory>
#include <string>

namespace faltung::test
{

// The built plugin binaries, loaded through JUCE's plugin hosting as a DAW would.
enum class PluginFormat
{
    vst3,
    lv2,
};

const char* formatName(PluginFormat format);

// The description a host on JUCE's plugin hosting makes of the built VST3 or LV2,
// what its plugin list shows (name, maker, version). JUCE 7.0.5's LV2 host never
// fills in `version` (LV2PluginFormat's getDescription leaves it empty), so for the
// LV2 it is taken from the bundle, as readLv2Version() reads it, when JUCE has none.
juce::PluginDescription describePlugin(PluginFormat format);

// The version the built LV2 bundle declares, read with lilv (JUCE's copy) the way
// LV2 hosts read it: doap:release's doap:revision, the whole version, and
// lv2:minorVersion and lv2:microVersion, by which LV2 orders releases of a plugin
// (its major version is in the URI). A missing value reads as "" or -1.
struct Lv2Version
{
    std::string release;
    int minor = -1;
    int micro = -1;
};
Lv2Version readLv2Version();

// A new instance of the built VST3 (FALTUNG_VST3_PATH) or LV2 (FALTUNG_LV2_URI), not
// yet prepared. JUCE's LV2 host looks only in ~/.lv2 and the system folders, so the
// first LV2 load links the built bundle into a private HOME. Fails the test when
// the plugin does not load.
std::unique_ptr<juce::AudioPluginInstance> createPluginInstance(PluginFormat format, double rate,
                                                                int maxBlock);

} // namespace faltung::test
