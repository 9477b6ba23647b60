// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "IrSource.h"

#include "FactoryLibrary.h"

#include <filesystem>

namespace faltung
{

std::string IrSource::displayName() const
{
    if (kind == Kind::file)
        return std::filesystem::path(filePath).filename().string();
    const auto* entry = factory::findFactoryIr(factoryId);
    return entry != nullptr ? entry->name : factoryId;
}

ImpulseResponse IrSource::load(const IrLimits& limits) const
{
    if (kind == Kind::file)
        return loadImpulseResponse(filePath, limits);
    return factory::loadFactoryImpulseResponse(factoryId);
}

} // namespace faltung
