// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "SessionState.h"

#include "FileHash.h"

#include <juce_audio_processors/juce_audio_processors.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>

namespace faltung::session
{

namespace
{
const juce::Identifier kIrSource{"IrSource"};
const juce::Identifier kKind{"kind"};
const juce::Identifier kFactoryId{"factoryId"};
const juce::Identifier kEmbedded{"embedded"};
const juce::Identifier kEmbeddedName{"embeddedName"};
const juce::Identifier kEmbeddedScale{"embeddedScale"};

struct FileKeys
{
    juce::Identifier path, relativePath, hash, size;
};
const FileKeys kLeft{"filePath", "relativePath", "hash", "size"};
const FileKeys kRight{"rightFilePath", "rightRelativePath", "rightHash", "rightSize"};

juce::String text(const std::string& s)
{
    return juce::String::fromUTF8(s.c_str());
}

// A plain decimal number (what JUCE writes), not "nan", "inf", hex or words, which
// juce::String would read as NaN, infinity or 0.
std::optional<double> finiteNumber(const juce::var& value)
{
    if (value.isInt() || value.isInt64() || value.isDouble() || value.isBool())
    {
        const double d = static_cast<double>(value);
        return std::isfinite(d) ? std::optional<double>(d) : std::nullopt;
    }
    const auto s = value.toString().trim();
    if (s.isEmpty() || !s.containsOnly("0123456789+-.eE") || !s.containsAnyOf("0123456789"))
        return std::nullopt;
    const double d = s.getDoubleValue();
    return std::isfinite(d) ? std::optional<double>(d) : std::nullopt;
}

std::string quoted(const juce::String& s)
{
    // Built by appending: GCC 12 warns (wrongly, -Wrestrict) about "\"" + std::string.
    std::string q(1, '"');
    q += s.substring(0, 64).toStdString();
    q += '"';
    return q;
}

// Strict UTF-8 (RFC 3629): no stray continuation bytes, no sequence cut short,
// no overlong forms, surrogates or code points above U+10FFFF.
bool isValidUtf8(const unsigned char* s, std::size_t size)
{
    std::size_t i = 0;
    while (i < size)
    {
        const unsigned c = s[i];
        if (c < 0x80)
        {
            ++i;
            continue;
        }
        int extra = 0;
        std::uint32_t cp = 0, least = 0;
        if ((c & 0xe0) == 0xc0)
            extra = 1, cp = c & 0x1f, least = 0x80;
        else if ((c & 0xf0) == 0xe0)
            extra = 2, cp = c & 0x0f, least = 0x800;
        else if ((c & 0xf8) == 0xf0)
            extra = 3, cp = c & 0x07, least = 0x10000;
        else
            return false;
        if (size - i <= static_cast<std::size_t>(extra))
            return false;
        for (int k = 1; k <= extra; ++k)
        {
            const unsigned next = s[i + static_cast<std::size_t>(k)];
            if ((next & 0xc0) != 0x80)
                return false;
            cp = (cp << 6) | (next & 0x3f);
        }
        if (cp < least || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        i += static_cast<std::size_t>(extra) + 1;
    }
    return true;
}

void writeFile(juce::ValueTree& tree, const IrSource::FileReference& ref, const FileKeys& keys)
{
    tree.setProperty(keys.path, text(ref.path), nullptr);
    if (!ref.relativePath.empty())
        tree.setProperty(keys.relativePath, text(ref.relativePath), nullptr);
    if (ref.hash != 0)
        tree.setProperty(keys.hash, text(hashToText(ref.hash)), nullptr);
    if (ref.size >= 0)
        tree.setProperty(keys.size, static_cast<juce::int64>(ref.size), nullptr);
}

IrSource::FileReference readFile(const juce::ValueTree& tree, const FileKeys& keys)
{
    IrSource::FileReference ref;
    ref.path = tree[keys.path].toString().toStdString();
    ref.relativePath = tree[keys.relativePath].toString().toStdString();
    ref.hash = hashFromText(tree[keys.hash].toString().toStdString());
    ref.size = tree.hasProperty(keys.size)
                   ? static_cast<std::int64_t>(static_cast<juce::int64>(tree[keys.size]))
                   : -1;
    return ref;
}
} // namespace

std::unique_ptr<juce::XmlElement> parseXml(const char* text, std::size_t size)
{
    if (text == nullptr)
        return nullptr;
    if (const void* end = std::memchr(text, 0, size))
        size = static_cast<std::size_t>(static_cast<const char*>(end) - text);
    if (size == 0 || size > static_cast<std::size_t>(std::numeric_limits<int>::max()) ||
        !isValidUtf8(reinterpret_cast<const unsigned char*>(text), size))
        return nullptr;
    return juce::parseXML(juce::String::fromUTF8(text, static_cast<int>(size)));
}

std::unique_ptr<juce::XmlElement> readStateBlob(const void* data, std::size_t size)
{
    // copyXmlToBinary writes a magic number, the text's length (both 32-bit little
    // endian), the text and a NUL.
    constexpr std::uint32_t kMagic = 0x21324356;
    if (data == nullptr || size <= 8)
        return nullptr;
    const auto* bytes = static_cast<const unsigned char*>(data);
    const auto word = [&](int at)
    {
        return static_cast<std::uint32_t>(bytes[at]) | static_cast<std::uint32_t>(bytes[at + 1]) << 8 |
               static_cast<std::uint32_t>(bytes[at + 2]) << 16 |
               static_cast<std::uint32_t>(bytes[at + 3]) << 24;
    };
    if (word(0) != kMagic)
        return nullptr;
    const std::size_t length = std::min<std::size_t>(word(4), size - 8); // a cut-off blob keeps what is there
    return parseXml(reinterpret_cast<const char*>(bytes + 8), length);
}

std::unique_ptr<juce::XmlElement> readXmlFile(const juce::File& file)
{
    juce::MemoryBlock contents;
    if (!file.loadFileAsData(contents))
        return nullptr;
    return parseXml(static_cast<const char*>(contents.getData()), contents.getSize());
}

juce::ValueTree writeIrSource(const IrSource& source)
{
    juce::ValueTree tree(kIrSource);
    if (source.kind == IrSource::Kind::factory)
    {
        tree.setProperty(kKind, "factory", nullptr);
        tree.setProperty(kFactoryId, text(source.factoryId), nullptr);
        return tree;
    }
    tree.setProperty(kKind, "file", nullptr);
    writeFile(tree, source.file, kLeft);
    if (source.isPair())
        writeFile(tree, source.rightFile, kRight);
    if (source.embedded != nullptr)
    {
        tree.setProperty(kEmbeddedName, text(source.embedded->name), nullptr);
        tree.setProperty(kEmbeddedScale, source.embedded->scale, nullptr);
        tree.setProperty(kEmbedded,
                         juce::Base64::toBase64(source.embedded->flac.data(), source.embedded->flac.size()),
                         nullptr);
    }
    return tree;
}

IrSource readIrSource(const juce::ValueTree& tree, const std::string& defaultFactoryId,
                      RestoreWarnings* warnings)
{
    auto warn = [warnings](std::string message)
    {
        if (warnings != nullptr)
            warnings->push_back(std::move(message));
    };
    const auto kind = tree[kKind].toString();
    if (kind == "file" && tree[kLeft.path].toString().isNotEmpty())
    {
        IrSource source = IrSource::fromFile({});
        source.file = readFile(tree, kLeft);
        if (tree[kRight.path].toString().isNotEmpty())
            source.rightFile = readFile(tree, kRight);
        if (tree.hasProperty(kEmbedded))
        {
            juce::MemoryOutputStream decoded;
            if (juce::Base64::convertFromBase64(decoded, tree[kEmbedded].toString()) &&
                decoded.getDataSize() > 0)
            {
                auto embedded = std::make_shared<EmbeddedIr>();
                embedded->name = tree[kEmbeddedName].toString().toStdString();
                embedded->scale =
                    static_cast<float>(static_cast<double>(tree.getProperty(kEmbeddedScale, 1.0)));
                if (!(embedded->scale > 0.0f && std::isfinite(embedded->scale)))
                    embedded->scale = 1.0f;
                const auto* bytes = static_cast<const char*>(decoded.getData());
                embedded->flac.assign(bytes, bytes + decoded.getDataSize());
                source.embedded = std::move(embedded);
            }
            else
                warn("The IR embedded in the session is damaged and was ignored.");
        }
        return source;
    }
    const auto id = tree[kFactoryId].toString().toStdString();
    if (kind != "factory" || id.empty())
    {
        warn("The session's IR (" + quoted(kind) + ") is not one Faltung knows: the factory IR " +
             defaultFactoryId + " was chosen instead.");
        return IrSource::factory(defaultFactoryId);
    }
    return IrSource::factory(id);
}

juce::ValueTree checkedParameters(const juce::ValueTree& saved,
                                  juce::AudioProcessorValueTreeState& parameters, RestoreWarnings& warnings)
{
    juce::ValueTree checked(saved.getType());
    juce::StringArray seen;
    for (const auto& child : saved)
    {
        const auto id = child["id"].toString();
        auto* parameter = child.hasType("PARAM") ? parameters.getParameter(id) : nullptr;
        if (parameter == nullptr)
        {
            warnings.push_back("Unknown setting " +
                               quoted(child.hasType("PARAM") ? id : child.getType().toString()) +
                               " ignored.");
            continue;
        }
        if (seen.contains(id))
        {
            warnings.push_back("Setting " + quoted(id) + " appears twice: the first was used.");
            continue;
        }
        seen.add(id);
        const auto number = finiteNumber(child["value"]);
        if (!number)
        {
            warnings.push_back("Setting " + quoted(id) + " has no valid value (" +
                               quoted(child["value"].toString()) + "): its default was kept.");
            continue;
        }
        const auto& range = parameter->getNormalisableRange();
        const double value =
            juce::jlimit(static_cast<double>(range.start), static_cast<double>(range.end), *number);
        if (value != *number)
            warnings.push_back("Setting " + quoted(id) + " was out of range (" +
                               quoted(child["value"].toString()) + ") and was limited to " +
                               juce::String(value).toStdString() + ".");
        juce::ValueTree param("PARAM");
        param.setProperty("id", id, nullptr);
        param.setProperty("value", static_cast<float>(value), nullptr);
        checked.appendChild(param, nullptr);
    }
    return checked;
}

int readVersion(const juce::ValueTree& state, RestoreWarnings& warnings)
{
    if (!state.hasProperty(kVersionAttribute))
        return 1;
    const auto number = finiteNumber(state[kVersionAttribute]);
    if (!number || *number < 1 || *number != std::floor(*number))
    {
        warnings.push_back("The session's version (" + quoted(state[kVersionAttribute].toString()) +
                           ") is not valid: it was read as the current version.");
        return kVersion;
    }
    if (*number > kVersion)
    {
        warnings.push_back("The session was saved by a newer Faltung (state version " +
                           juce::String(*number).toStdString() +
                           "): settings this version does not know were ignored.");
        return kVersion;
    }
    return static_cast<int>(*number);
}

} // namespace faltung::session
