// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "AudioFileIo.h"

#include "WavDecoder.h"

#include <juce_audio_formats/juce_audio_formats.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>

namespace faltung
{

namespace
{
namespace fs = std::filesystem;

juce::File toJuceFile(const std::string& path)
{
    // juce::File needs an absolute path; relative paths are taken from the working directory.
    return juce::File::getCurrentWorkingDirectory().getChildFile(juce::String::fromUTF8(path.c_str()));
}

std::string timeText(std::int64_t sample, double sampleRate)
{
    const double t = sampleRate > 0 ? static_cast<double>(sample) / sampleRate : 0.0;
    char text[32];
    std::snprintf(text, sizeof text, "%d:%06.3f", static_cast<int>(t / 60.0), std::fmod(t, 60.0));
    return text;
}

// Checks, in the order a user would want them reported, that a path names a
// readable, non-empty file.
void checkReadableFile(const std::string& path)
{
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (ec || !fs::exists(status))
        throw AudioFileError(path, "no such file");
    if (fs::is_directory(status))
        throw AudioFileError(path, "is a folder, not an audio file");
    if (!fs::is_regular_file(status))
        throw AudioFileError(path, "is not a regular file");
    std::ifstream probe(path, std::ios::binary);
    if (!probe)
        throw AudioFileError(path, std::string("cannot be opened: ") + std::strerror(errno));
    if (fs::file_size(path, ec) == 0 && !ec)
        throw AudioFileError(path, "the file is empty");
}
} // namespace

AudioFileError::AudioFileError(std::string file, std::string reason)
    : std::runtime_error(file + ": " + reason)
    , file_(std::move(file))
    , reason_(std::move(reason))
{
}

//==============================================================================
namespace
{
// JUCE's readers over the project's ByteSource, for files and memory alike. Found by
// the IR fuzzer: JUCE's AIFF reader parses a damaged file differently from a
// juce::FileInputStream (whose position may pass the end) and from a
// juce::MemoryInputStream (whose position stops there), so the same bytes decoded
// to silence from disk and to audio from a session's embedded copy. One stream type
// for both makes them agree; its position stops at the end, like memory.
class ByteSourceStream : public juce::InputStream
{
public:
    explicit ByteSourceStream(std::unique_ptr<ByteSource> source)
        : source_(std::move(source))
        , size_(static_cast<juce::int64>(source_->size()))
    {
    }

    juce::int64 getTotalLength() override { return size_; }
    bool isExhausted() override { return position_ >= size_; }
    juce::int64 getPosition() override { return position_; }

    bool setPosition(juce::int64 newPosition) override
    {
        position_ = juce::jlimit(juce::int64{0}, size_, newPosition);
        source_->seek(static_cast<std::uint64_t>(position_));
        return true;
    }

    // A short read zeroes the rest of the buffer. Found by the IR fuzzer: JUCE's AIFF
    // reader takes the sample rate from ten bytes it reads into an uninitialised array
    // without checking how many arrived, so a file cut off there had a random rate.
    int read(void* destBuffer, int maxBytesToRead) override
    {
        if (maxBytesToRead <= 0)
            return 0;
        const auto wanted = static_cast<std::size_t>(maxBytesToRead);
        const auto n = source_->read(destBuffer, wanted);
        std::memset(static_cast<char*>(destBuffer) + n, 0, wanted - n);
        position_ += static_cast<juce::int64>(n);
        return static_cast<int>(n);
    }

private:
    std::unique_ptr<ByteSource> source_;
    juce::int64 size_ = 0;
    juce::int64 position_ = 0;
};
} // namespace

namespace
{
std::uint32_t bigEndian32(const unsigned char* b)
{
    return static_cast<std::uint32_t>(b[0]) << 24 | static_cast<std::uint32_t>(b[1]) << 16 |
           static_cast<std::uint32_t>(b[2]) << 8 | b[3];
}

// JUCE's AIFF reader plays what it finds: with no SSND chunk it decodes the header
// as audio, and an SSND chunk cut off by the end of the file is padded with
// silence. WAV files are refused in both cases (WavDecoder), and AIFF files are too:
// the chunk list is walked here first. Returns why the file is damaged, or "".
std::string damagedAiffReason(ByteSource& bytes)
{
    unsigned char header[12];
    bytes.seek(0);
    if (bytes.read(header, 12) != 12 || std::memcmp(header, "FORM", 4) != 0 ||
        (std::memcmp(header + 8, "AIFF", 4) != 0 && std::memcmp(header + 8, "AIFC", 4) != 0))
        return ""; // not AIFF: for JUCE to recognise or refuse
    const std::uint64_t size = bytes.size();
    for (std::uint64_t at = 12; at + 8 <= size;)
    {
        unsigned char chunk[8];
        bytes.seek(at);
        if (bytes.read(chunk, 8) != 8)
            break;
        const std::uint64_t length = bigEndian32(chunk + 4);
        if (std::memcmp(chunk, "SSND", 4) == 0)
            return at + 8 + length <= size ? "" : "its sound data is cut off (the file is truncated)";
        at += 8 + length + (length & 1); // chunks are padded to an even length
    }
    return "it has no sound data (no SSND chunk): the file is damaged";
}
} // namespace

// WAV files are decoded by WavDecoder (all widths, 64-bit float, exact truncation
// checks); AIFF, FLAC and Ogg Vorbis by JUCE, which finds the format by the
// contents, never by the file's name.
struct AudioFileReader::Impl
{
    std::unique_ptr<WavDecoder> wav;
    juce::AudioFormatManager formats;
    std::unique_ptr<juce::AudioFormatReader> reader;
    double sampleRate = 0.0;
    int numChannels = 0;
    std::int64_t length = 0;

    // openBytes gives a fresh source of the file's bytes each time it is called.
    void open(const std::string& name, const std::function<std::unique_ptr<ByteSource>()>& openBytes)
    {
        auto bytes = openBytes();
        unsigned char first[12] = {};
        const bool isWav = bytes->read(first, 12) == 12 && WavDecoder::recognises(first);
        if (isWav)
        {
            bytes->seek(0);
            try
            {
                wav = std::make_unique<WavDecoder>(std::move(bytes));
            }
            catch (const std::runtime_error& e)
            {
                throw AudioFileError(name, e.what());
            }
            sampleRate = wav->format().sampleRate;
            numChannels = wav->format().numChannels;
            length = wav->format().numFrames;
        }
        else
        {
            if (const auto damaged = damagedAiffReason(*bytes); !damaged.empty())
                throw AudioFileError(name, "is an AIFF file, but " + damaged);
            bytes->seek(0);
            formats.registerBasicFormats();
            reader.reset(formats.createReaderFor(std::make_unique<ByteSourceStream>(std::move(bytes))));
            if (reader == nullptr)
                throw AudioFileError(
                    name, "not a recognised audio file (WAV, AIFF, FLAC or OGG), or its header is damaged");
            // Found by the IR fuzzer: JUCE's AIFF reader takes any bit depth from the
            // header, and with a huge one its read loop never advances (a loader hang).
            const auto bits = reader->bitsPerSample;
            if (bits != 8 && bits != 16 && bits != 24 && bits != 32 && bits != 64)
                throw AudioFileError(name, "has an unsupported sample format (" + std::to_string(bits) +
                                               " bits per sample), or its header is damaged");
            sampleRate = reader->sampleRate;
            numChannels = static_cast<int>(reader->numChannels);
            length = reader->lengthInSamples;
        }
        if (numChannels == 0 || length <= 0)
            throw AudioFileError(name, "contains no audio (zero length)");
        if (!(sampleRate >= 1000.0 && sampleRate <= 1'536'000.0))
            throw AudioFileError(name,
                                 "has an impossible sample rate (" + std::to_string(sampleRate) + " Hz)");
    }
};

AudioFileReader::AudioFileReader(const std::string& path)
    : impl_(std::make_unique<Impl>())
    , name_(path)
{
    checkReadableFile(path);
    impl_->open(path,
                [&]
                {
                    try
                    {
                        return ByteSource::ofFile(path);
                    }
                    catch (const std::runtime_error& e)
                    {
                        throw AudioFileError(path, e.what());
                    }
                });
}

AudioFileReader::AudioFileReader(const void* data, std::size_t size, const std::string& name)
    : impl_(std::make_unique<Impl>())
    , name_(name)
{
    impl_->open(name, [&] { return ByteSource::ofMemory(data, size); });
}

AudioFileReader::~AudioFileReader() = default;

double AudioFileReader::sampleRate() const noexcept
{
    return impl_->sampleRate;
}

int AudioFileReader::numChannels() const noexcept
{
    return impl_->numChannels;
}

std::int64_t AudioFileReader::length() const noexcept
{
    return impl_->length;
}

std::string AudioFileReader::formatName() const
{
    if (impl_->wav != nullptr)
        return impl_->wav->description();
    return impl_->reader->getFormatName().toStdString() + ", " +
           std::to_string(impl_->reader->bitsPerSample) + "-bit";
}

void AudioFileReader::read(float* const* dest, int numSamples)
{
    if (impl_->wav != nullptr)
    {
        try
        {
            impl_->wav->read(dest, numSamples);
        }
        catch (const std::runtime_error& e)
        {
            throw AudioFileError(name_, e.what());
        }
    }
    else if (!impl_->reader->read(dest, numChannels(), position_, numSamples))
        throw AudioFileError(name_, "the audio data could not be decoded at " +
                                        timeText(position_, sampleRate()) +
                                        " (the file is damaged or truncated)");
    for (int c = 0; c < numChannels(); ++c)
        for (int i = 0; i < numSamples; ++i)
            if (!std::isfinite(dest[c][i]))
                throw AudioFileError(name_, "contains NaN or infinite samples (channel " +
                                                std::to_string(c + 1) + " at " +
                                                timeText(position_ + i, sampleRate()) + ")");
    position_ += numSamples;
}

AudioData AudioFileReader::readAll()
{
    if (length() > std::numeric_limits<int>::max())
        throw AudioFileError(name_, "is too long to load at once");
    AudioData audio;
    audio.sampleRate = sampleRate();
    audio.channels.assign(static_cast<std::size_t>(numChannels()),
                          std::vector<float>(static_cast<std::size_t>(length())));
    std::vector<float*> pointers;
    for (auto& c : audio.channels)
        pointers.push_back(c.data());
    position_ = 0;
    read(pointers.data(), static_cast<int>(length()));
    return audio;
}

//==============================================================================
struct WavFileWriter::Impl
{
    std::unique_ptr<juce::TemporaryFile> temporary;
    std::unique_ptr<juce::AudioFormatWriter> writer;
};

namespace
{
// A stream into a hidden temporary file beside `path`, which replaces the target
// only when committed; checks that the folder exists and is writable.
std::unique_ptr<juce::OutputStream> openTemporary(const std::string& path,
                                                  std::unique_ptr<juce::TemporaryFile>& temporary)
{
    const auto target = toJuceFile(path);
    const auto folder = target.getParentDirectory();
    if (!folder.isDirectory())
        throw AudioFileError(path, "cannot write: the folder " + folder.getFullPathName().toStdString() +
                                       " does not exist");
    if (target.isDirectory())
        throw AudioFileError(path, "cannot write: it is a folder");

    temporary = std::make_unique<juce::TemporaryFile>(target, juce::TemporaryFile::useHiddenFile);
    auto stream = temporary->getFile().createOutputStream();
    if (stream == nullptr || stream->failedToOpen())
    {
        const auto why = stream != nullptr ? stream->getStatus().getErrorMessage().toStdString() : "";
        throw AudioFileError(path, "cannot write to the folder " + folder.getFullPathName().toStdString() +
                                       (why.empty() ? "" : ": " + why));
    }
    return stream;
}
} // namespace

WavFileWriter::WavFileWriter(const std::string& path, double sampleRate, int numChannels,
                             WavSampleFormat format, const std::string& comment)
    : impl_(std::make_unique<Impl>())
    , path_(path)
    , numChannels_(numChannels)
    , format_(format)
{
    auto stream = openTemporary(path, impl_->temporary);
    juce::WavAudioFormat wav;
    juce::StringPairArray metadata;
    if (!comment.empty())
        metadata.set(juce::WavAudioFormat::riffInfoComment2,
                     juce::String(comment));                       // ICMT, in a LIST INFO chunk
    const int bits = format == WavSampleFormat::float32 ? 32 : 24; // JUCE writes 32-bit WAV as IEEE float
    impl_->writer.reset(
        wav.createWriterFor(stream.get(), sampleRate, static_cast<unsigned>(numChannels), bits, metadata, 0));
    if (impl_->writer == nullptr)
        throw AudioFileError(path, "cannot write a WAV file with " + std::to_string(numChannels) +
                                       " channels at " + std::to_string(sampleRate) + " Hz");
    stream.release(); // now owned by the writer
}

WavFileWriter::~WavFileWriter()
{
    impl_->writer.reset();    // close the stream before the temporary file is deleted
    impl_->temporary.reset(); // deletes the temporary file unless commit() moved it
}

void WavFileWriter::write(const float* const* channels, int numSamples)
{
    if (format_ == WavSampleFormat::pcm24)
        for (int c = 0; c < numChannels_; ++c)
            for (int i = 0; i < numSamples; ++i)
                clipped_ += std::abs(channels[c][i]) > 1.0f ? 1 : 0;
    if (!impl_->writer->writeFromFloatArrays(channels, numChannels_, numSamples))
        throw AudioFileError(path_, "writing failed (is the disk full?)");
}

void WavFileWriter::commit()
{
    impl_->writer.reset(); // flushes and closes
    if (!impl_->temporary->overwriteTargetFileWithTemporary())
        throw AudioFileError(path_, "could not be replaced with the new file");
}

//==============================================================================
AudioData readAudioFile(const std::string& path)
{
    return AudioFileReader(path).readAll();
}

void writeWavFile(const std::string& path, const AudioData& audio, WavSampleFormat format,
                  const std::string& comment)
{
    WavFileWriter writer(path, audio.sampleRate, audio.numChannels(), format, comment);
    std::vector<const float*> pointers;
    for (const auto& c : audio.channels)
        pointers.push_back(c.data());
    writer.write(pointers.data(), static_cast<int>(audio.length()));
    writer.commit();
}

void writeFlacFile(const std::string& path, const AudioData& audio)
{
    std::unique_ptr<juce::TemporaryFile> temporary;
    auto stream = openTemporary(path, temporary);
    juce::FlacAudioFormat flac;
    std::unique_ptr<juce::AudioFormatWriter> writer(flac.createWriterFor(
        stream.get(), audio.sampleRate, static_cast<unsigned>(audio.numChannels()), 24, {}, 0));
    if (writer == nullptr)
        throw AudioFileError(path, "cannot write a FLAC file with " + std::to_string(audio.numChannels()) +
                                       " channels at " + std::to_string(audio.sampleRate) + " Hz");
    stream.release(); // now owned by the writer
    std::vector<const float*> pointers;
    for (const auto& c : audio.channels)
        pointers.push_back(c.data());
    if (!writer->writeFromFloatArrays(pointers.data(), audio.numChannels(), static_cast<int>(audio.length())))
        throw AudioFileError(path, "writing failed (is the disk full?)");
    writer.reset(); // flushes and closes
    if (!temporary->overwriteTargetFileWithTemporary())
        throw AudioFileError(path, "could not be replaced with the new file");
}

} // namespace faltung
