// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include <string>
#include <vector>

namespace faltung::factory
{

// A factory IR as the user picks it: a stable id (saved in sessions and presets,
// used as the file name in Resources/IRs; never renamed), a display name and a
// description for the browser.
struct FactoryIrEntry
{
    std::string id;
    std::string name;
    std::string description;
};

// The factory IRs in menu order: the one list that the generator
// (Source/Factory), the compiled-in library (FactoryLibrary.h) and the editor read.
const std::vector<FactoryIrEntry>& factoryIrCatalog();

// The entry for an id, or nullptr.
const FactoryIrEntry* findFactoryIr(const std::string& id);

// The factory IR a new instance of the plugin plays, that the renderer's demo
// uses, and that a session with an unknown IR falls back to.
inline constexpr const char* kDefaultFactoryIrId = "concert-hall";

} // namespace faltung::factory
