// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "IrSource.h"

#include "AudioFileIo.h"
#include "FactoryLibrary.h"
#include "FileHash.h"

#include <juce_audio_formats/juce_audio_formats.h>

#include <algorithm>
#include <cctype>
#include <filesystem>

namespace faltung
{

namespace fs = std::filesystem;

namespace
{
constexpr int kMaxFilesSearched = 20000; // a huge IR folder is not searched forever

std::string fileName(const std::string& path)
{
    return fs::path(path).filename().string();
}

// Fills in what finds a file again: size, hash, path relative to the IR folder.
void describe(IrSource::FileReference& ref, const std::string& irFolder)
{
    std::error_code ec;
    ref.size = static_cast<std::int64_t>(fs::file_size(ref.path, ec));
    ref.hash = hashFileContents(ref.path);
    const auto relative = fs::path(ref.path).lexically_relative(irFolder);
    ref.relativePath = !irFolder.empty() && !relative.empty() && *relative.begin() != ".." ? relative.string()
                                                                                           : std::string();
}

// Where the file is now: its path, its place in the IR folder, or a file in the
// IR folder with its size and hash. Empty when none.
std::string locate(const IrSource::FileReference& ref, const std::string& irFolder)
{
    std::error_code ec;
    if (fs::exists(ref.path, ec)) // whatever it is: loading it says what is wrong with it
        return ref.path;
    if (irFolder.empty() || !fs::is_directory(irFolder, ec))
        return {};
    if (!ref.relativePath.empty() && fs::is_regular_file(fs::path(irFolder) / ref.relativePath, ec))
        return (fs::path(irFolder) / ref.relativePath).string();
    if (ref.hash == 0 || ref.size < 0)
        return {};
    int searched = 0;
    for (auto it =
             fs::recursive_directory_iterator(irFolder, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator() && searched < kMaxFilesSearched;
         it.increment(ec), ++searched)
    {
        if (!it->is_regular_file(ec) || static_cast<std::int64_t>(it->file_size(ec)) != ref.size)
            continue;
        try
        {
            if (hashFileContents(it->path().string()) == ref.hash)
                return it->path().string();
        }
        catch (const std::exception&)
        {
        }
    }
    return {};
}
} // namespace

IrSource IrSource::factory(std::string id)
{
    IrSource s;
    s.factoryId = std::move(id);
    return s;
}

IrSource IrSource::fromFile(std::string path)
{
    IrSource s;
    s.kind = Kind::file;
    s.file.path = std::move(path);
    return s;
}

IrSource IrSource::fromFilePair(std::string leftPath, std::string rightPath)
{
    IrSource s = fromFile(std::move(leftPath));
    s.rightFile.path = std::move(rightPath);
    return s;
}

IrSource IrSource::fromChosenFiles(const std::vector<std::string>& paths)
{
    if (paths.empty())
        return {};
    std::string left = paths[0];
    std::string right = paths.size() > 1 ? paths[1] : findStereoPartner(left);
    if (right.empty())
        return fromFile(left);
    // Whichever name says "right" goes right.
    auto stem = fs::path(left).stem().string();
    std::transform(stem.begin(), stem.end(), stem.begin(), [](unsigned char c) { return std::tolower(c); });
    if (!stem.empty() && (stem.back() == 'r' || stem.ends_with("right")))
        std::swap(left, right);
    return fromFilePair(left, right);
}

bool IrSource::operator==(const IrSource& other) const noexcept
{
    return kind == other.kind && factoryId == other.factoryId && file.path == other.file.path &&
           rightFile.path == other.rightFile.path;
}

std::string IrSource::displayName() const
{
    if (kind == Kind::file)
        return isPair() ? fileName(file.path) + " + " + fileName(rightFile.path) : fileName(file.path);
    const auto* entry = factory::findFactoryIr(factoryId);
    return entry != nullptr ? entry->name : factoryId;
}

LoadedSource loadIrSource(const IrSource& source, const std::string& irFolder, const IrLimits& limits)
{
    LoadedSource loaded;
    loaded.source = source;
    if (source.kind == IrSource::Kind::factory)
    {
        loaded.ir = factory::loadFactoryImpulseResponse(source.factoryId);
        return loaded;
    }

    const std::string left = locate(source.file, irFolder);
    const std::string right = source.isPair() ? locate(source.rightFile, irFolder) : std::string();
    const bool found = !left.empty() && (!source.isPair() || !right.empty());
    if (found)
    {
        loaded.source.file.path = left;
        loaded.source.rightFile.path = right;
        loaded.ir = source.isPair() ? loadImpulseResponsePair(left, right, limits)
                                    : loadImpulseResponse(left, limits);
        describe(loaded.source.file, irFolder);
        if (source.isPair())
            describe(loaded.source.rightFile, irFolder);
        if (left != source.file.path || right != source.rightFile.path)
            loaded.note = "relinked: " + source.displayName() + " was moved; found it as " +
                          loaded.source.displayName() + " in " + fs::path(left).parent_path().string();
        return loaded;
    }

    const auto& missingRef = left.empty() ? source.file : source.rightFile;
    const std::string missing = missingRef.path;
    if (source.embedded != nullptr)
    {
        loaded.ir = source.embedded->decode();
        loaded.note = fileName(missing) + " is missing; playing the copy saved in the session";
        return loaded;
    }
    if (missingRef.hash == 0 && missingRef.relativePath.empty())
        throw AudioFileError(missing, "no such file"); // a path just chosen, not a session's file
    throw IrFileMissing(missing,
                        "is missing (not at its path, and no file with the same content in the IR folder " +
                            irFolder + "); load it again to relink it");
}

EmbeddedIr EmbeddedIr::encode(const ImpulseResponse& ir)
{
    EmbeddedIr e;
    e.name = ir.name;
    float peak = 0.0f;
    for (const auto& c : ir.channels)
        for (float x : c)
            peak = std::max(peak, std::abs(x));
    e.scale = peak > 0.999f ? peak / 0.999f : 1.0f; // 24-bit FLAC holds [-1, 1)

    std::vector<std::vector<float>> scaled = ir.channels;
    std::vector<const float*> pointers;
    for (auto& c : scaled)
    {
        for (auto& x : c)
            x /= e.scale;
        pointers.push_back(c.data());
    }

    // The writer owns its stream and finishes the FLAC stream when destroyed; the
    // stream writes into `block`, which outlives both.
    juce::MemoryBlock block;
    {
        auto stream = std::make_unique<juce::MemoryOutputStream>(block, false);
        juce::FlacAudioFormat flac;
        std::unique_ptr<juce::AudioFormatWriter> writer(flac.createWriterFor(
            stream.get(), ir.sampleRate, static_cast<unsigned>(ir.numChannels()), 24, {}, 5));
        if (writer == nullptr)
            throw std::runtime_error("the IR cannot be stored as FLAC");
        stream.release();
        writer->writeFromFloatArrays(pointers.data(), ir.numChannels(), ir.length());
    }
    e.flac.assign(static_cast<const char*>(block.getData()),
                  static_cast<const char*>(block.getData()) + block.getSize());
    return e;
}

ImpulseResponse EmbeddedIr::decode() const
{
    AudioFileReader reader(flac.data(), flac.size(), name + " (saved in the session)");
    auto ir = loadImpulseResponse(reader);
    applyGain(ir, scale);
    ir.name = name;
    return ir;
}

} // namespace faltung
