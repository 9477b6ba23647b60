// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "WavDecoder.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace faltung
{

namespace
{
constexpr std::uint16_t kFormatPcm = 0x0001;
constexpr std::uint16_t kFormatFloat = 0x0003;
constexpr std::uint16_t kFormatExtensible = 0xFFFE;

std::uint16_t u16(const unsigned char* p)
{
    return static_cast<std::uint16_t>(p[0] | (p[1] << 8));
}

std::uint32_t u32(const unsigned char* p)
{
    return static_cast<std::uint32_t>(p[0]) | (static_cast<std::uint32_t>(p[1]) << 8) |
           (static_cast<std::uint32_t>(p[2]) << 16) | (static_cast<std::uint32_t>(p[3]) << 24);
}

std::uint64_t u64(const unsigned char* p)
{
    return static_cast<std::uint64_t>(u32(p)) | (static_cast<std::uint64_t>(u32(p + 4)) << 32);
}

class FileSource : public ByteSource
{
public:
    explicit FileSource(const std::string& path)
        : file_(std::fopen(path.c_str(), "rb"))
    {
        if (file_ == nullptr)
            throw std::runtime_error(std::string("cannot be opened: ") + std::strerror(errno));
        std::fseek(file_, 0, SEEK_END);
        size_ = static_cast<std::uint64_t>(std::ftell(file_));
        std::fseek(file_, 0, SEEK_SET);
    }
    ~FileSource() override { std::fclose(file_); }
    std::size_t read(void* into, std::size_t n) override { return std::fread(into, 1, n, file_); }
    void seek(std::uint64_t position) override { std::fseek(file_, static_cast<long>(position), SEEK_SET); }
    std::uint64_t size() const override { return size_; }

private:
    std::FILE* file_;
    std::uint64_t size_ = 0;
};

class MemorySource : public ByteSource
{
public:
    MemorySource(const void* data, std::size_t size)
        : data_(static_cast<const unsigned char*>(data))
        , size_(size)
    {
    }
    std::size_t read(void* into, std::size_t n) override
    {
        const std::size_t count = std::min<std::size_t>(n, size_ - std::min<std::size_t>(position_, size_));
        std::memcpy(into, data_ + position_, count);
        position_ += count;
        return count;
    }
    void seek(std::uint64_t position) override
    {
        position_ = static_cast<std::size_t>(std::min<std::uint64_t>(position, size_));
    }
    std::uint64_t size() const override { return size_; }

private:
    const unsigned char* data_;
    std::size_t size_;
    std::size_t position_ = 0;
};

std::string seconds(std::int64_t frames, double rate)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.3f s", rate > 0 ? static_cast<double>(frames) / rate : 0.0);
    return text;
}
} // namespace

std::unique_ptr<ByteSource> ByteSource::ofFile(const std::string& path)
{
    return std::make_unique<FileSource>(path);
}

std::unique_ptr<ByteSource> ByteSource::ofMemory(const void* data, std::size_t size)
{
    return std::make_unique<MemorySource>(data, size);
}

bool WavDecoder::recognises(const unsigned char* b)
{
    return (std::memcmp(b, "RIFF", 4) == 0 || std::memcmp(b, "RF64", 4) == 0) &&
           std::memcmp(b + 8, "WAVE", 4) == 0;
}

WavDecoder::WavDecoder(std::unique_ptr<ByteSource> source)
    : source_(std::move(source))
{
    parseHeader();
}

void WavDecoder::parseHeader()
{
    unsigned char riff[12];
    if (source_->read(riff, 12) != 12 || !recognises(riff))
        throw std::runtime_error("not a WAV file");
    const bool rf64 = std::memcmp(riff, "RF64", 4) == 0;

    std::uint64_t position = 12;
    std::uint64_t rf64DataSize = 0;
    bool haveFormat = false;
    std::uint16_t formatTag = 0;
    std::uint64_t dataSize = 0;
    bool haveData = false;

    while (!haveData)
    {
        unsigned char header[8];
        source_->seek(position);
        if (source_->read(header, 8) != 8)
            throw std::runtime_error(haveFormat ? "has no audio data chunk (the file is damaged or truncated)"
                                                : "its WAV header is cut off (the file is truncated)");
        const std::uint32_t chunkSize = u32(header + 4);
        const std::uint64_t body = position + 8;

        if (std::memcmp(header, "ds64", 4) == 0 && chunkSize >= 24)
        {
            unsigned char ds64[24];
            if (source_->read(ds64, 24) != 24)
                throw std::runtime_error("its RF64 header is cut off (the file is truncated)");
            rf64DataSize = u64(ds64 + 8);
        }
        else if (std::memcmp(header, "fmt ", 4) == 0)
        {
            if (chunkSize < 16)
                throw std::runtime_error("its WAV format chunk is damaged");
            unsigned char fmt[40] = {};
            const std::size_t want = std::min<std::size_t>(chunkSize, sizeof fmt);
            if (source_->read(fmt, want) != want)
                throw std::runtime_error("its WAV header is cut off (the file is truncated)");
            formatTag = u16(fmt);
            format_.numChannels = u16(fmt + 2);
            format_.sampleRate = u32(fmt + 4);
            blockAlign_ = u16(fmt + 12);
            format_.bitsPerSample = u16(fmt + 14);
            if (formatTag == kFormatExtensible)
            {
                if (chunkSize < 40)
                    throw std::runtime_error("its WAVE_FORMAT_EXTENSIBLE header is damaged");
                formatTag = u16(fmt + 24); // the first two bytes of the sub-format GUID
            }
            haveFormat = true;
        }
        else if (std::memcmp(header, "data", 4) == 0)
        {
            dataStart_ = body;
            dataSize = rf64 && chunkSize == 0xFFFFFFFFu ? rf64DataSize : chunkSize;
            haveData = true;
            break;
        }
        position = body + chunkSize + (chunkSize & 1u); // chunks are padded to even sizes
    }

    if (!haveFormat)
        throw std::runtime_error("its WAV header has no format chunk (the file is damaged)");

    if (formatTag == kFormatPcm && (format_.bitsPerSample == 8 || format_.bitsPerSample == 16 ||
                                    format_.bitsPerSample == 24 || format_.bitsPerSample == 32))
        format_.encoding = WavFormat::Encoding::pcm;
    else if (formatTag == kFormatFloat && (format_.bitsPerSample == 32 || format_.bitsPerSample == 64))
        format_.encoding = WavFormat::Encoding::ieeeFloat;
    else
    {
        char text[96];
        std::snprintf(text, sizeof text, "uses a WAV encoding Faltung cannot read (format 0x%04X, %d bits)",
                      formatTag, format_.bitsPerSample);
        throw std::runtime_error(text);
    }
    if (format_.numChannels < 1 || blockAlign_ != format_.numChannels * format_.bitsPerSample / 8)
        throw std::runtime_error("its WAV header is inconsistent (the file is damaged)");

    format_.numFrames = static_cast<std::int64_t>(dataSize / static_cast<std::uint64_t>(blockAlign_));
    const std::uint64_t available = source_->size() > dataStart_ ? source_->size() - dataStart_ : 0;
    if (dataSize > available)
    {
        const auto present = static_cast<std::int64_t>(available / static_cast<std::uint64_t>(blockAlign_));
        throw std::runtime_error("is truncated: its header promises " +
                                 seconds(format_.numFrames, format_.sampleRate) +
                                 " of audio but the file holds " + seconds(present, format_.sampleRate));
    }
    source_->seek(dataStart_);
}

std::string WavDecoder::description() const
{
    return "WAV, " + std::to_string(format_.bitsPerSample) + "-bit " +
           (format_.encoding == WavFormat::Encoding::pcm ? "PCM" : "float");
}

void WavDecoder::read(float* const* dest, std::int64_t numFrames)
{
    const int channels = format_.numChannels;
    const int bytes = format_.bitsPerSample / 8;
    const std::int64_t fromFile = std::clamp<std::int64_t>(format_.numFrames - framesRead_, 0, numFrames);
    scratch_.resize(static_cast<std::size_t>(fromFile) * static_cast<std::size_t>(blockAlign_));
    if (source_->read(scratch_.data(), scratch_.size()) != scratch_.size())
        throw std::runtime_error("ended early while being read (was it changed or removed?)");

    const unsigned char* p = scratch_.data();
    for (std::int64_t i = 0; i < fromFile; ++i)
        for (int c = 0; c < channels; ++c, p += bytes)
        {
            float value = 0.0f;
            if (format_.encoding == WavFormat::Encoding::ieeeFloat)
            {
                if (bytes == 4)
                {
                    const std::uint32_t bits = u32(p);
                    std::memcpy(&value, &bits, 4);
                }
                else
                {
                    const std::uint64_t bits = u64(p);
                    double d;
                    std::memcpy(&d, &bits, 8);
                    value = static_cast<float>(d);
                }
            }
            else if (bytes == 1)
                value = (static_cast<float>(p[0]) - 128.0f) / 128.0f; // 8-bit WAV is unsigned
            else if (bytes == 2)
                value = static_cast<float>(static_cast<std::int16_t>(u16(p))) / 32768.0f;
            else if (bytes == 3)
            {
                const std::int32_t s = static_cast<std::int32_t>((static_cast<std::uint32_t>(p[0]) << 8) |
                                                                 (static_cast<std::uint32_t>(p[1]) << 16) |
                                                                 (static_cast<std::uint32_t>(p[2]) << 24)) >>
                                       8;
                value = static_cast<float>(s) / 8388608.0f;
            }
            else
                value =
                    static_cast<float>(static_cast<double>(static_cast<std::int32_t>(u32(p))) / 2147483648.0);
            dest[c][i] = value;
        }
    for (int c = 0; c < channels; ++c)
        std::fill(dest[c] + fromFile, dest[c] + numFrames, 0.0f);
    framesRead_ += fromFile;
}

} // namespace faltung
