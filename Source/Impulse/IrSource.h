// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include "AudioFileIo.h"
#include "ImpulseResponse.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace faltung
{

// A copy of an IR stored in a session, so that the session plays on a machine
// without the file: 24-bit FLAC of the decoded samples, scaled into range.
struct EmbeddedIr
{
    std::vector<char> flac;
    float scale = 1.0f; // multiply the decoded samples by this
    std::string name;   // the file's name, for display

    static EmbeddedIr encode(const ImpulseResponse& ir);
    ImpulseResponse decode() const; // throws AudioFileError for corrupt data
};

// Where an IR comes from: a factory IR by id, or a file (or a left/right pair of
// mono files) by path, with what a session needs to find the file again after it
// has moved: its path relative to the user's IR folder, its size and content hash,
// and optionally a copy of the IR itself.
struct IrSource
{
    enum class Kind
    {
        factory,
        file,
    };

    struct FileReference
    {
        std::string path;         // absolute
        std::string relativePath; // to the user's IR folder, when the file is inside it
        std::uint64_t hash = 0;   // hashFileContents(); 0 when unknown
        std::int64_t size = -1;   // bytes; -1 when unknown
    };

    Kind kind = Kind::factory;
    std::string factoryId;
    FileReference file;
    FileReference rightFile; // the right channel of a left/right pair; path empty otherwise
    std::shared_ptr<const EmbeddedIr> embedded;

    static IrSource factory(std::string id);
    static IrSource fromFile(std::string path);
    static IrSource fromFilePair(std::string leftPath, std::string rightPath);
    // What a user means by choosing these files (one or two): one file with its
    // left/right partner when it has one (room_L.wav finds room_R.wav, see
    // findStereoPartner), two files as a pair, the one whose name says right on the
    // right. The plugin's editor and faltung-render --ir both take files this way.
    static IrSource fromChosenFiles(const std::vector<std::string>& paths);

    bool isPair() const noexcept { return !rightFile.path.empty(); }
    std::string displayName() const;

    // The same IR: kind, factory id and paths (not how to find them again).
    bool operator==(const IrSource& other) const noexcept;
};

// A session's IR file that is nowhere to be found (not at its path, not in the IR
// folder, and no copy in the session): the editor offers to relink it.
class IrFileMissing : public AudioFileError
{
public:
    using AudioFileError::AudioFileError;
};

// An IR source loaded, and how it was found.
struct LoadedSource
{
    ImpulseResponse ir; // at the file's own rate, unedited
    IrSource source;    // where it was found, with its size, hash and relative path filled in
    std::string note;   // when not found at its path: how it was found instead
};

// Loads a source. A file that is not at its path is looked for relative to the IR
// folder, then by size and content hash anywhere in the IR folder, and then the
// embedded copy is played. Throws IrFileMissing for a session's file found nowhere,
// AudioFileError for any other problem with a file (or std::invalid_argument for an
// unknown factory id), with a message for the user.
LoadedSource loadIrSource(const IrSource& source, const std::string& irFolder, const IrLimits& limits = {});

} // namespace faltung
