// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// The plugin's entry point: JUCE's VST3, LV2 and Standalone wrappers make the plugin
// through createPluginFilter(), and here the processor gets its editor. Only the
// format targets link this file, so the processor (Source/Plugin) and its tests
// build without the editor layer.
#include "FaltungEditor.h"
#include "FaltungProcessor.h"

namespace faltung
{
namespace
{
class FaltungPluginWithEditor final : public FaltungProcessor
{
public:
    bool hasEditor() const override { return true; }
    juce::AudioProcessorEditor* createEditor() override { return new FaltungEditor(*this); }
};
} // namespace
} // namespace faltung

juce::AudioProcessor* JUCE_CALLTYPE createPluginFilter()
{
    return new faltung::FaltungPluginWithEditor();
}
