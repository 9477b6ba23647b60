// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include "RenderSettings.h"

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace faltung
{

// A mistake in the command line; main() prints it with the usage hint and exits 2.
class UsageError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

struct CommandLine
{
    enum class Action
    {
        render,
        demo,
        list,
        info,
        help,
        version,
    };

    Action action = Action::render;
    std::string irPath;
    std::string factoryIr; // --factory ID instead of --ir FILE
    std::string inputPath;
    std::string outputPath;
    RenderSettings settings;
    bool quiet = false;

    // Throws UsageError.
    static CommandLine parse(const std::vector<std::string>& args);
    static std::string usage();
};

} // namespace faltung
