// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// FaltungProcessor::createEditor lives here, beside the editor, so that the plugin
// layer does not depend on the editor layer.
#include "FaltungEditor.h"

juce::AudioProcessorEditor* faltung::FaltungProcessor::createEditor()
{
    return new FaltungEditor(*this);
}
