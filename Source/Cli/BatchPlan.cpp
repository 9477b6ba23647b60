// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "BatchPlan.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <set>

namespace faltung
{

namespace fs = std::filesystem;

namespace
{
bool isAudioFile(const fs::path& path)
{
    auto extension = path.extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    static const std::set<std::string> known{".wav", ".wave", ".aif", ".aiff", ".aifc", ".flac", ".ogg"};
    return known.count(extension) > 0 && path.filename().string().front() != '.';
}

// The same file or folder, however it was named (as far as the system can tell).
fs::path resolved(const fs::path& path)
{
    std::error_code ec;
    const auto c = fs::weakly_canonical(fs::absolute(path, ec), ec);
    return ec ? path.lexically_normal() : c;
}

// The audio files of a folder, with their paths relative to it, in name order.
std::vector<std::pair<fs::path, fs::path>> audioFilesIn(const fs::path& folder, bool recursive,
                                                        const fs::path& skip)
{
    std::vector<std::pair<fs::path, fs::path>> files;
    std::error_code ec;
    auto add = [&](const fs::directory_entry& entry)
    {
        if (entry.is_regular_file(ec) && isAudioFile(entry.path()))
            files.emplace_back(entry.path(), entry.path().lexically_relative(folder));
    };
    if (recursive)
    {
        for (auto it =
                 fs::recursive_directory_iterator(folder, fs::directory_options::skip_permission_denied, ec);
             !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
        {
            const bool hidden = it->path().filename().string().front() == '.';
            if (it->is_directory(ec) && (hidden || resolved(it->path()) == skip))
                it.disable_recursion_pending(); // the output folder, and hidden ones
            else
                add(*it);
        }
    }
    else
        for (const auto& entry : fs::directory_iterator(folder, ec))
            add(entry);
    std::sort(files.begin(), files.end());
    return files;
}
} // namespace

BatchPlan planBatch(const std::vector<std::string>& inputs, const std::string& outputDir,
                    const std::string& suffix, bool recursive, bool overwrite)
{
    BatchPlan plan;
    const auto outputFolder = resolved(outputDir);

    // Every input first, so that no output can replace one that comes later.
    std::vector<BatchPlan::Item> candidates;
    for (const auto& given : inputs)
    {
        std::error_code ec;
        const fs::path path(given);
        const auto status = fs::status(path, ec);
        if (!fs::exists(status))
            plan.refused.push_back({given, "no such file"});
        else if (fs::is_directory(status))
        {
            const auto files = audioFilesIn(path, recursive, outputFolder);
            if (files.empty())
                plan.refused.push_back({given, recursive ? "has no audio files, nor any of its subfolders"
                                                         : "has no audio files (add --recursive for its "
                                                           "subfolders)"});
            for (const auto& [file, relative] : files)
            {
                auto output = fs::path(outputDir) / relative;
                output.replace_filename(relative.stem().string() + suffix + ".wav");
                candidates.push_back({file.string(), output.string()});
            }
        }
        else
            candidates.push_back(
                {given, (fs::path(outputDir) / (path.stem().string() + suffix + ".wav")).string()});
    }

    std::set<fs::path> inputFiles;
    for (const auto& c : candidates)
        inputFiles.insert(resolved(c.input));
    std::map<fs::path, std::string> outputs; // canonical output -> the input it is for
    std::set<fs::path> planned;
    for (const auto& c : candidates)
    {
        const auto input = resolved(c.input);
        const auto output = resolved(c.output);
        if (!planned.insert(input).second)
            continue; // the same file given twice (as a file and in a folder, say)
        if (inputFiles.count(output) > 0)
            plan.refused.push_back({c.input, c.output + " would replace an input file"});
        else if (const auto [it, added] = outputs.emplace(output, c.input); !added)
            plan.refused.push_back({c.input, c.output + " is also the output of " + it->second});
        else if (!overwrite && fs::exists(output))
            plan.refused.push_back({c.input, c.output + " exists (add --overwrite to replace it)"});
        else
            plan.items.push_back(c);
    }
    return plan;
}

} // namespace faltung
