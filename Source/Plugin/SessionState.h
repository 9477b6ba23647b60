// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include "IrSource.h"

#include <juce_data_structures/juce_data_structures.h>

#include <string>
#include <vector>

namespace juce
{
class AudioProcessorValueTreeState;
}

namespace faltung::session
{

// The plugin's saved state is XML:
//
//   <FaltungState version="3" program="3" embedIr="0">
//     <Parameters> ... every parameter (AudioProcessorValueTreeState) ... </Parameters>
//     <IrSource kind="file" filePath="/abs/room_L.wav" relativePath="rooms/room_L.wav"
//               hash="0123456789abcdef" size="123456"
//               rightFilePath="..." rightRelativePath="..." rightHash="..." rightSize="..."
//               embeddedName="room_L.wav" embeddedScale="1" embedded="<base64 FLAC>"/>
//   </FaltungState>
//
// Version history: 1 had the parameters and IrSource kind, factoryId and filePath.
// 2 added the program, the file references (relative path, size, hash), left/right
// pairs and the embedded IR. 3 stores the partition size as step / 6 instead of the
// step's index (see params::migratePartitionIndex). Readers take what they know and
// keep defaults for the rest, so any older state loads.
inline constexpr int kVersion = 3;

inline const juce::Identifier kStateType{"FaltungState"};
inline const juce::Identifier kVersionAttribute{"version"};
inline const juce::Identifier kProgram{"program"};
inline const juce::Identifier kEmbedIr{"embedIr"};

// What a restore could not use, one sentence each for the user: a state from a
// host or a hand-edited file may be damaged, and silently dropping a setting would
// leave the user wondering why the session sounds different.
using RestoreWarnings = std::vector<std::string>;

juce::ValueTree writeIrSource(const IrSource& source);

// Tolerant: an unknown kind or missing fields give a factory default. Embedded data
// that is not valid base64 is dropped (and the IR is then looked for as a file).
// What was ignored is added to warnings, when given.
IrSource readIrSource(const juce::ValueTree& tree, const std::string& defaultFactoryId,
                      RestoreWarnings* warnings = nullptr);

// The saved <Parameters> made safe to hand to the parameters: unknown parameters
// and elements are dropped, a value that is not a finite number is dropped (the
// parameter keeps its default) and one out of range is clamped, each noted in
// warnings. A NaN would otherwise reach the audio as it is.
juce::ValueTree checkedParameters(const juce::ValueTree& saved,
                                  juce::AudioProcessorValueTreeState& parameters, RestoreWarnings& warnings);

// The state's version, or kVersion with a warning when it is not a number or is
// newer than this build knows. A state without one is version 1.
int readVersion(const juce::ValueTree& state, RestoreWarnings& warnings);

} // namespace faltung::session
