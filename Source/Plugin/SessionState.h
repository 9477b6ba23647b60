// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include "IrSource.h"

#include <juce_data_structures/juce_data_structures.h>

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace juce
{
class AudioProcessorValueTreeState;
class File;
class XmlElement;
} // namespace juce

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

// XML from bytes that may be damaged: a host's state blob or a preset file. JUCE's
// parser takes its text as UTF-8 without checking it, and reads past the end of the
// text after a cut-off multi-byte sequence (found by the state fuzzer: JUCE 7.0.5's
// getXmlFromBinary and parseXML(File) both do). These check the bytes first and give
// nullptr for anything that is not valid UTF-8 XML.
//  - parseXml: the text of an XML document, size bytes (a NUL byte ends it early).
//  - readStateBlob: the binary wrapper of AudioProcessor::copyXmlToBinary.
//  - readXmlFile: a file holding an XML document (a preset).
std::unique_ptr<juce::XmlElement> parseXml(const char* text, std::size_t size);
std::unique_ptr<juce::XmlElement> readStateBlob(const void* data, std::size_t size);
std::unique_ptr<juce::XmlElement> readXmlFile(const juce::File& file);

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
