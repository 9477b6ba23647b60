// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace faltung::test
{

// A fresh folder under the system's temporary folder, removed with everything in
// it when the object goes away.
class ScratchFolder
{
public:
    ScratchFolder()
    {
        std::random_device seed;
        path_ = std::filesystem::temp_directory_path() / ("faltung-test-" + std::to_string(seed()));
        std::filesystem::create_directories(path_);
    }
    ~ScratchFolder()
    {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    ScratchFolder(const ScratchFolder&) = delete;
    ScratchFolder& operator=(const ScratchFolder&) = delete;

    std::string file(const std::string& name) const { return (path_ / name).string(); }
    const std::filesystem::path& path() const { return path_; }

    // Names of everything in the folder, hidden files included.
    std::vector<std::string> contents() const
    {
        std::vector<std::string> names;
        for (const auto& e : std::filesystem::directory_iterator(path_))
            names.push_back(e.path().filename().string());
        return names;
    }

    std::string writeText(const std::string& name, const std::string& text) const
    {
        std::ofstream(path_ / name, std::ios::binary) << text;
        return file(name);
    }

private:
    std::filesystem::path path_;
};

inline std::vector<std::vector<float>> randomSignal(int channels, int length, unsigned seed,
                                                    float level = 0.5f)
{
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> dist(-level, level);
    std::vector<std::vector<float>> v(static_cast<std::size_t>(channels),
                                      std::vector<float>(static_cast<std::size_t>(length)));
    for (auto& c : v)
        for (auto& x : c)
            x = dist(rng);
    return v;
}

} // namespace faltung::test
