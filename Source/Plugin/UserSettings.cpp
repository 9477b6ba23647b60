// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "UserSettings.h"

#include "UserFolders.h"

#include <algorithm>
#include <cstdlib>

namespace faltung
{

namespace
{
constexpr const char* kRecentIrs = "recentIrs";

juce::PropertiesFile::Options options()
{
    juce::PropertiesFile::Options o;
    o.applicationName = "Faltung";
    o.filenameSuffix = ".settings";
    o.osxLibrarySubFolder = "Application Support";
    o.folderName = juce::String::fromUTF8(settingsFolder().c_str()); // absolute: used as it is
    return o;
}
} // namespace

UserSettings::UserSettings()
    : properties_(std::make_unique<juce::PropertiesFile>(options()))
{
}

std::vector<std::string> UserSettings::recentIrs() const
{
    juce::StringArray list;
    list.addLines(properties_->getValue(kRecentIrs));
    std::vector<std::string> paths;
    for (const auto& line : list)
        if (line.isNotEmpty())
            paths.push_back(line.toStdString());
    return paths;
}

void UserSettings::addRecentIr(const std::string& path)
{
    auto paths = recentIrs();
    paths.erase(std::remove(paths.begin(), paths.end(), path), paths.end());
    paths.insert(paths.begin(), path);
    if (paths.size() > static_cast<std::size_t>(kMaxRecentIrs))
        paths.resize(static_cast<std::size_t>(kMaxRecentIrs));
    juce::StringArray list;
    for (const auto& p : paths)
        list.add(juce::String::fromUTF8(p.c_str()));
    properties_->setValue(kRecentIrs, list.joinIntoString("\n"));
    properties_->saveIfNeeded();
}

void UserSettings::clearRecentIrs()
{
    properties_->removeValue(kRecentIrs);
    properties_->saveIfNeeded();
}

juce::File UserSettings::presetFolder()
{
    if (const char* folder = std::getenv("FALTUNG_PRESET_FOLDER"); folder != nullptr && *folder != '\0')
        return juce::File(folder);
    return juce::File::getSpecialLocation(juce::File::userDocumentsDirectory)
        .getChildFile("Faltung")
        .getChildFile("Presets");
}

} // namespace faltung
