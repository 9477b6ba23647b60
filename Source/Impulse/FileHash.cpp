// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "FileHash.h"

#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace faltung
{

std::uint64_t hashFileContents(const std::string& path)
{
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (file == nullptr)
        throw std::runtime_error(path + ": cannot be read: " + std::strerror(errno));
    std::uint64_t hash = 0xcbf29ce484222325ull; // FNV-1a offset basis
    std::vector<unsigned char> buffer(1 << 16);
    for (std::size_t n; (n = std::fread(buffer.data(), 1, buffer.size(), file)) > 0;)
        for (std::size_t i = 0; i < n; ++i)
            hash = (hash ^ buffer[i]) * 0x100000001b3ull; // FNV prime
    const bool failed = std::ferror(file) != 0;
    std::fclose(file);
    if (failed)
        throw std::runtime_error(path + ": reading failed");
    return hash;
}

std::string hashToText(std::uint64_t hash)
{
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(hash));
    return text;
}

std::uint64_t hashFromText(const std::string& text)
{
    if (text.size() != 16)
        return 0;
    std::uint64_t value = 0;
    for (char c : text)
    {
        const int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        if (digit < 0)
            return 0;
        value = value * 16 + static_cast<std::uint64_t>(digit);
    }
    return value;
}

} // namespace faltung
