// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include "ImpulseResponse.h"

#include <string>

namespace faltung
{

// Where an IR comes from: a factory IR by id, or a file by path. This is what a
// session, a preset or the editor remembers; load() turns it into samples.
struct IrSource
{
    enum class Kind
    {
        factory,
        file,
    };

    Kind kind = Kind::factory;
    std::string factoryId; // when kind == factory
    std::string filePath;  // when kind == file: absolute

    static IrSource factory(std::string id) { return {Kind::factory, std::move(id), {}}; }
    static IrSource file(std::string path) { return {Kind::file, {}, std::move(path)}; }

    // The display name: the factory IR's name or the file's name.
    std::string displayName() const;

    // Decodes the IR; throws AudioFileError (for files) or std::invalid_argument
    // (for an unknown factory id) with a reason for the user.
    ImpulseResponse load(const IrLimits& limits = {}) const;

    bool operator==(const IrSource&) const = default;
};

} // namespace faltung
