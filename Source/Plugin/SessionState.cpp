// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "SessionState.h"

#include "FileHash.h"

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

IrSource readIrSource(const juce::ValueTree& tree, const std::string& defaultFactoryId)
{
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
        }
        return source;
    }
    const auto id = tree[kFactoryId].toString().toStdString();
    return IrSource::factory(kind == "factory" && !id.empty() ? id : defaultFactoryId);
}

} // namespace faltung::session
