// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "UserPresets.h"

#include "FaltungProcessor.h"
#include "SessionState.h"
#include "UserSettings.h"

namespace faltung::presets
{

std::vector<juce::File> list()
{
    std::vector<juce::File> files;
    for (const auto& entry :
         juce::RangedDirectoryIterator(UserSettings::presetFolder(), false, juce::String("*") + kExtension))
        files.push_back(entry.getFile());
    std::sort(files.begin(), files.end(),
              [](const juce::File& a, const juce::File& b)
              { return a.getFileName().compareNatural(b.getFileName()) < 0; });
    return files;
}

juce::File save(FaltungProcessor& processor, const juce::String& name, juce::String& error)
{
    const auto folder = UserSettings::presetFolder();
    const auto safeName = juce::File::createLegalFileName(name.trim());
    if (safeName.isEmpty())
    {
        error = "a preset needs a name";
        return {};
    }
    if (!folder.createDirectory())
    {
        error = "the preset folder " + folder.getFullPathName() + " cannot be created";
        return {};
    }
    const auto file = folder.getChildFile(safeName + kExtension);
    const auto xml = processor.createStateXml();
    if (xml == nullptr || !xml->writeTo(file))
    {
        error = file.getFullPathName() + " cannot be written";
        return {};
    }
    return file;
}

bool load(FaltungProcessor& processor, const juce::File& file, juce::String& error)
{
    const auto xml = session::readXmlFile(file);
    if (xml == nullptr || !xml->hasTagName(session::kStateType.toString()))
    {
        error = file.getFileName() + " is not a Faltung preset";
        return false;
    }
    processor.restoreState(*xml);
    return true;
}

} // namespace faltung::presets
