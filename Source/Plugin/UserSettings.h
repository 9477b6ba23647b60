// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include <juce_data_structures/juce_data_structures.h>

#include <string>
#include <vector>

namespace faltung
{

// What Faltung remembers for the user across sessions and instances: the recently
// used IR files. Stored in Faltung.settings in settingsFolder() (UserFolders.h),
// shared by every instance and the Standalone app. Message thread only.
class UserSettings
{
public:
    static constexpr int kMaxRecentIrs = 12;

    UserSettings();

    std::vector<std::string> recentIrs() const;
    void addRecentIr(const std::string& path);
    void clearRecentIrs();

    // Where user presets live: $FALTUNG_PRESET_FOLDER or ~/Documents/Faltung/Presets.
    static juce::File presetFolder();

private:
    std::unique_ptr<juce::PropertiesFile> properties_;
};

} // namespace faltung
