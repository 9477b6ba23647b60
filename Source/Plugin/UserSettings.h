// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include <juce_data_structures/juce_data_structures.h>

#include <string>
#include <vector>

namespace faltung
{

// What Faltung remembers for the user across sessions and instances: the recently
// used IR files. Stored in ~/.config/Faltung/Faltung.settings (or $FALTUNG_SETTINGS_FOLDER),
// shared by every instance and the Standalone app. Message thread only.
class UserSettings
{
public:
    static constexpr int kMaxRecentIrs = 12;

    UserSettings();

    std::vector<std::string> recentIrs() const;
    void addRecentIr(const std::string& path);
    void clearRecentIrs();

    // The FFTW wisdom shared by every instance (see useFftWisdomFile()), next to
    // the settings file; its folder is created if missing.
    static juce::File fftWisdomFile();

    // Where user presets live: $FALTUNG_PRESET_FOLDER or ~/Documents/Faltung/Presets.
    static juce::File presetFolder();

private:
    std::unique_ptr<juce::PropertiesFile> properties_;
};

} // namespace faltung
