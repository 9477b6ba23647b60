// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include <cstdint>
#include <string>

namespace faltung
{

// A 64-bit FNV-1a hash of a file's bytes: how a session recognises its IR file
// after it has been moved or renamed. Throws std::runtime_error if the file cannot
// be read.
std::uint64_t hashFileContents(const std::string& path);

// The hash as 16 hexadecimal digits, and back (0 for text that is not one).
std::string hashToText(std::uint64_t hash);
std::uint64_t hashFromText(const std::string& text);

} // namespace faltung
