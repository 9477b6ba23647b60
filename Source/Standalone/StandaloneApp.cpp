// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// The Standalone app: JUCE's standalone window around the plugin (its audio and
// MIDI settings, its state kept between runs), and what a desktop app needs beyond
// it: a file named on the command line, as the desktop's "Open with Faltung" gives
// one, is loaded as the impulse response.
#include "FaltungProcessor.h"

#include <juce_audio_devices/juce_audio_devices.h>
#include <juce_audio_utils/juce_audio_utils.h>
#include <juce_gui_extra/juce_gui_extra.h>
// JUCE's standalone window and plugin holder, as its own standalone app includes them.
#include <juce_audio_plugin_client/Standalone/juce_StandaloneFilterWindow.h>

namespace faltung
{

class StandaloneApp : public juce::JUCEApplication
{
public:
    StandaloneApp()
    {
        // As JUCE's own standalone app keeps them, so that settings saved by an
        // earlier Faltung are found: ~/.config/Faltung.settings.
        juce::PropertiesFile::Options options;
        options.applicationName = getApplicationName();
        options.filenameSuffix = ".settings";
        options.osxLibrarySubFolder = "Application Support";
#if JUCE_LINUX || JUCE_BSD
        options.folderName = "~/.config";
#endif
        properties_.setStorageParameters(options);
    }

    const juce::String getApplicationName() override
    {
        return JucePlugin_Name;
    }
    const juce::String getApplicationVersion() override
    {
        return JucePlugin_VersionString;
    }
    bool moreThanOneInstanceAllowed() override
    {
        return true;
    }
    void anotherInstanceStarted(const juce::String&) override {}

    void initialise(const juce::String&) override
    {
        window_ = std::make_unique<juce::StandaloneFilterWindow>(
            getApplicationName(),
            juce::LookAndFeel::getDefaultLookAndFeel().findColour(juce::ResizableWindow::backgroundColourId),
            properties_.getUserSettings(), false);
        window_->setVisible(true);
        openFiles(getCommandLineParameterArray());
    }

    void shutdown() override
    {
        window_ = nullptr;
        properties_.saveIfNeeded();
    }

    void systemRequestedQuit() override
    {
        if (window_ != nullptr)
            window_->pluginHolder->savePluginState();
        if (juce::ModalComponentManager::getInstance()->cancelAllModalComponents())
            juce::Timer::callAfterDelay(100,
                                        []
                                        {
                                            if (auto* app = juce::JUCEApplicationBase::getInstance())
                                                app->systemRequestedQuit();
                                        });
        else
            quit();
    }

private:
    // The first argument that is an existing file becomes the IR (the state the
    // app restored keeps every other setting). A file that cannot be used is
    // explained in the window, as one dropped on it would be.
    void openFiles(const juce::StringArray& arguments)
    {
        auto* processor = dynamic_cast<FaltungProcessor*>(window_->getAudioProcessor());
        if (processor == nullptr)
            return;
        for (const auto& argument : arguments)
        {
            const juce::File file =
                juce::File::getCurrentWorkingDirectory().getChildFile(argument.unquoted());
            if (!argument.startsWith("-") && file.existsAsFile())
            {
                processor->loadImpulseResponse(IrSource::fromFile(file.getFullPathName().toStdString()));
                return;
            }
        }
    }

    juce::ApplicationProperties properties_;
    std::unique_ptr<juce::StandaloneFilterWindow> window_;
};

} // namespace faltung

juce::JUCEApplicationBase* juce_CreateApplication()
{
    return new faltung::StandaloneApp();
}
