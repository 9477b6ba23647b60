// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace faltung
{

// A problem with a file, worded for the user: what() is "<file>: <reason>" on one
// line, such as "room.wav: not a recognised audio file (WAV, AIFF, FLAC or OGG)".
class AudioFileError : public std::runtime_error
{
public:
    AudioFileError(std::string file, std::string reason);
    const std::string& file() const noexcept { return file_; }
    const std::string& reason() const noexcept { return reason_; }

private:
    std::string file_;
    std::string reason_;
};

// A whole decoded signal, one vector per channel.
struct AudioData
{
    double sampleRate = 0.0;
    std::vector<std::vector<float>> channels;

    int numChannels() const noexcept { return static_cast<int>(channels.size()); }
    std::int64_t length() const noexcept
    {
        return channels.empty() ? 0 : static_cast<std::int64_t>(channels[0].size());
    }
    double seconds() const noexcept
    {
        return sampleRate > 0 ? static_cast<double>(length()) / sampleRate : 0.0;
    }
};

// Reads an audio file in blocks: WAV (PCM and float, WAVE_FORMAT_EXTENSIBLE),
// AIFF, FLAC and Ogg Vorbis. Opening checks that the path exists, is a file, can
// be read, and holds audio of non-zero length; each failure throws an
// AudioFileError that says which.
class AudioFileReader
{
public:
    explicit AudioFileReader(const std::string& path);
    // Decodes an in-memory file (factory resources). `name` is used in messages.
    AudioFileReader(const void* data, std::size_t size, const std::string& name);
    ~AudioFileReader();

    const std::string& name() const noexcept { return name_; }
    double sampleRate() const noexcept;
    int numChannels() const noexcept;
    std::int64_t length() const noexcept;
    std::string formatName() const;

    // Reads numSamples frames from the current position into dest (numChannels()
    // arrays); past the end, zeros. Throws AudioFileError if the data cannot be
    // decoded or holds NaN or infinite samples.
    void read(float* const* dest, int numSamples);

    // The whole file at once, from the start.
    AudioData readAll();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    std::string name_;
    std::int64_t position_ = 0;
};

enum class WavSampleFormat
{
    pcm24,
    float32,
};

// Writes a WAV file safely: into a temporary file beside the target, renamed over
// the target only by commit(). If the writer is destroyed without commit() (an
// error, a cancelled render) the temporary file is removed and nothing is left
// behind. Opening checks that the folder exists and is writable. A comment, if
// given, is stored in the file's LIST INFO chunk (ICMT).
class WavFileWriter
{
public:
    WavFileWriter(const std::string& path, double sampleRate, int numChannels, WavSampleFormat format,
                  const std::string& comment = {});
    ~WavFileWriter();

    void write(const float* const* channels, int numSamples);
    void commit();

    // Samples outside [-1, 1] written so far (clipped in 24-bit files).
    std::int64_t numClippedSamples() const noexcept { return clipped_; }

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    std::string path_;
    int numChannels_ = 0;
    WavSampleFormat format_;
    std::int64_t clipped_ = 0;
};

// Convenience wrappers.
AudioData readAudioFile(const std::string& path);
void writeWavFile(const std::string& path, const AudioData& audio, WavSampleFormat format,
                  const std::string& comment = {});
// A 24-bit FLAC file, written as safely as a WAV file.
void writeFlacFile(const std::string& path, const AudioData& audio);

} // namespace faltung
