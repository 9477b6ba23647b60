// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include <juce_audio_processors/juce_audio_processors.h>

#include <memory>

namespace faltung::test
{

// The built plugin binaries, loaded through JUCE's plugin hosting as a DAW would.
enum class PluginFormat
{
    vst3,
    lv2,
};

const char* formatName(PluginFormat format);

// A new instance of the built VST3 (FALTUNG_VST3_PATH) or LV2 (FALTUNG_LV2_URI), not
// yet prepared. JUCE's LV2 host looks only in ~/.lv2 and the system folders, so the
// first LV2 load links the built bundle into a private HOME. Fails the test when
// the plugin does not load.
std::unique_ptr<juce::AudioPluginInstance> createPluginInstance(PluginFormat format, double rate,
                                                                int maxBlock);

} // namespace faltung::test
