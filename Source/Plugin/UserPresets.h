// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include <juce_core/juce_core.h>

#include <vector>

namespace faltung
{

class FaltungProcessor;

// User presets: the plugin's complete state (every parameter and the IR) as a
// .faltungpreset file, the same XML a session stores, in UserSettings::presetFolder().
namespace presets
{
inline constexpr const char* kExtension = ".faltungpreset";

// The presets in the folder, sorted by name.
std::vector<juce::File> list();

// Saves under a name (made safe as a file name); returns the file, or an empty
// File with `error` set when it cannot be written.
juce::File save(FaltungProcessor& processor, const juce::String& name, juce::String& error);

// Loads a preset file into the processor; false (and `error` set) for a file that
// is not a Faltung preset.
bool load(FaltungProcessor& processor, const juce::File& file, juce::String& error);
} // namespace presets

} // namespace faltung
