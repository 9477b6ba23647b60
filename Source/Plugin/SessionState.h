// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include "IrSource.h"

#include <juce_data_structures/juce_data_structures.h>

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

juce::ValueTree writeIrSource(const IrSource& source);

// Tolerant: an unknown kind or missing fields give a factory default. Embedded data
// that is not valid base64 is dropped (and the IR is then looked for as a file).
IrSource readIrSource(const juce::ValueTree& tree, const std::string& defaultFactoryId);

} // namespace faltung::session
