// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include <string>
#include <vector>

namespace faltung
{

// Which files a batch renders, and where each output goes:
//   - a file given is rendered into outputDir/NAME{suffix}.wav, NAME being its name
//     without the extension;
//   - a folder given contributes its audio files (.wav, .wave, .aif, .aiff, .aifc,
//     .flac, .ogg; hidden files left out), in name order, and with `recursive` those
//     of its subfolders, each into the same subfolder of outputDir. The output
//     folder itself is never searched.
// Nothing is read or written here beyond listing folders and checking what exists.
struct BatchPlan
{
    struct Item
    {
        std::string input;
        std::string output;
    };
    struct Refusal
    {
        std::string input;
        std::string reason; // "no such file", "... exists (add --overwrite to replace it)", ...
    };

    std::vector<Item> items;      // to render, in order
    std::vector<Refusal> refused; // inputs that will not be rendered, and why
};

// Refuses an input that does not exist, a folder without audio files, an output
// that would replace an input (even with overwrite) or another input's output, and
// an output that exists unless overwrite.
BatchPlan planBatch(const std::vector<std::string>& inputs, const std::string& outputDir,
                    const std::string& suffix, bool recursive, bool overwrite);

} // namespace faltung
