// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include <string>
#include <vector>

namespace faltung::test
{

struct CommandResult
{
    int exitCode = -1;
    std::string standardOutput;
    std::string standardError;
};

// Runs a program with arguments (no shell interpretation of them) in a working
// folder, and collects its exit code and output.
CommandResult runCommand(const std::string& program, const std::vector<std::string>& args,
                         const std::string& workingFolder = {});

} // namespace faltung::test
