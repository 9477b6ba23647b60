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
    std::string factoryIr;  // --factory ID instead of --ir FILE
    std::string inputPath;  // one file: INPUT OUTPUT
    std::string outputPath; // (and --demo's output)
    RenderSettings settings;
    bool quiet = false;

    // A batch (--output-dir): files and folders in, one output each in outputDir.
    std::vector<std::string> inputs;
    std::string outputDir;
    std::string suffix = "-wet"; // output name: the input's name, the suffix, .wav
    bool recursive = false;      // folders' subfolders too
    bool overwrite = false;      // replace outputs that exist
    int jobs = 0;                // files rendered at once; 0: one per core

    bool isBatch() const { return !outputDir.empty(); }

    // Throws UsageError.
    static CommandLine parse(const std::vector<std::string>& args);
    static std::string usage();
};

} // namespace faltung
