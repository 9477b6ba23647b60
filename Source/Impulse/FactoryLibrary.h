// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include "FactoryCatalog.h"
#include "ImpulseResponse.h"

#include <memory>
#include <string>
#include <vector>

namespace faltung
{

class AudioFileReader;

namespace factory
{

// The factory IRs of FactoryCatalog.h are compiled into the binaries (Resources/),
// so they work with nothing installed.

// Decodes a compiled-in factory IR. Throws std::invalid_argument for an unknown id.
ImpulseResponse loadFactoryImpulseResponse(const std::string& id);

// The bundled dry demo phrase, for faltung-render --demo.
std::unique_ptr<AudioFileReader> openDemoPhrase();

} // namespace factory
} // namespace faltung
