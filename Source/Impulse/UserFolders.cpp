// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "UserFolders.h"

#include <juce_core/juce_core.h>

#include <cstdlib>

namespace faltung
{

std::string settingsFolder()
{
    if (const char* folder = std::getenv("FALTUNG_SETTINGS_FOLDER"); folder != nullptr && *folder != '\0')
        return folder;
#if JUCE_MAC
    const auto base = juce::File("~/Library/Application Support");
#elif JUCE_LINUX || JUCE_BSD
    const auto base = juce::File::getSpecialLocation(juce::File::userHomeDirectory).getChildFile(".config");
#else
    const auto base = juce::File::getSpecialLocation(juce::File::userApplicationDataDirectory);
#endif
    return base.getChildFile("Faltung").getFullPathName().toStdString();
}

std::string irFolder()
{
    if (const char* folder = std::getenv("FALTUNG_IR_FOLDER"); folder != nullptr && *folder != '\0')
        return folder;
    return juce::File::getSpecialLocation(juce::File::userDocumentsDirectory)
        .getChildFile("Faltung")
        .getChildFile("Impulse Responses")
        .getFullPathName()
        .toStdString();
}

std::string fftWisdomFile()
{
    const auto folder = juce::File(juce::String::fromUTF8(settingsFolder().c_str()));
    folder.createDirectory();
    return folder.getChildFile("fftw3f.wisdom").getFullPathName().toStdString();
}

} // namespace faltung
