// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "FactoryLibrary.h"

#include "AudioFileIo.h"

#include <FaltungResources.h>

#include <cstring>
#include <stdexcept>

namespace faltung::factory
{

namespace
{
// The compiled-in file whose original name is `fileName`.
std::pair<const char*, int> resource(const std::string& fileName)
{
    for (int i = 0; i < FaltungResources::namedResourceListSize; ++i)
        if (fileName == FaltungResources::originalFilenames[i])
        {
            int size = 0;
            const char* data =
                FaltungResources::getNamedResource(FaltungResources::namedResourceList[i], size);
            return {data, size};
        }
    return {nullptr, 0};
}
} // namespace

ImpulseResponse loadFactoryImpulseResponse(const std::string& id)
{
    const auto* entry = findFactoryIr(id);
    const auto [data, size] = resource(id + ".flac");
    if (entry == nullptr || data == nullptr)
        throw std::invalid_argument("there is no factory IR called '" + id +
                                    "' (faltung-render --list shows them)");
    AudioFileReader reader(data, static_cast<std::size_t>(size), entry->name);
    return loadImpulseResponse(reader);
}

std::unique_ptr<AudioFileReader> openDemoPhrase()
{
    const auto [data, size] = resource("demo-dry.flac");
    if (data == nullptr)
        throw std::logic_error("the demo phrase is missing from the build");
    return std::make_unique<AudioFileReader>(data, static_cast<std::size_t>(size), "demo phrase");
}

} // namespace faltung::factory
