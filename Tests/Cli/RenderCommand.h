// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include "RunCommand.h"

namespace faltung::test
{

// Runs the built faltung-render.
inline CommandResult runRender(const std::vector<std::string>& args, const std::string& workingFolder = {})
{
    return runCommand(FALTUNG_RENDER_PATH, args, workingFolder);
}

} // namespace faltung::test
