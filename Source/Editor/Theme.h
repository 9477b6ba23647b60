// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include <juce_graphics/juce_graphics.h>

// Faltung's colours and type, in one place.
namespace faltung::theme
{

inline const juce::Colour background{0xff121417};
inline const juce::Colour panel{0xff1b1e23};
inline const juce::Colour panelRaised{0xff23272e};
inline const juce::Colour outline{0xff2f343c};
inline const juce::Colour text{0xffe8eaed};
inline const juce::Colour textDim{0xff8d95a1};
inline const juce::Colour accent{0xff35c9b3}; // teal: values, the reverb
inline const juce::Colour handle{0xfff2a94b}; // amber: things to drag
inline const juce::Colour early{0xff6fa8ff};  // the early reflections
inline const juce::Colour late{0xffb48cf2};   // the late tail
inline const juce::Colour error{0xffe5574f};
inline const juce::Colour note{0xff4f9fe5};

// Channel colours for waveforms: L, R (and the cross paths of true stereo).
inline juce::Colour channel(int index)
{
    static const juce::Colour colours[] = {juce::Colour(0xff35c9b3), juce::Colour(0xff6fa8ff),
                                           juce::Colour(0xff9b8cff), juce::Colour(0xffe07ac6)};
    return colours[index % 4];
}

inline juce::Font font(float height, bool bold = false)
{
    return juce::Font(height, bold ? juce::Font::bold : juce::Font::plain);
}

} // namespace faltung::theme
