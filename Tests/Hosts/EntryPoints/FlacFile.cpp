// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "FlacFile.h"

#include <FLAC/stream_decoder.h>

#include <memory>
#include <stdexcept>

namespace faltung::test
{

namespace
{
struct Decoding
{
    DecodedAudio audio;
    bool failed = false;
};

FLAC__StreamDecoderWriteStatus write(const FLAC__StreamDecoder*, const FLAC__Frame* frame,
                                     const FLAC__int32* const buffer[], void* context)
{
    auto& d = *static_cast<Decoding*>(context);
    const unsigned channels = frame->header.channels;
    const float scale = 1.0f / static_cast<float>(1u << (frame->header.bits_per_sample - 1));
    if (d.audio.channels.empty())
        d.audio.channels.resize(channels);
    if (d.audio.channels.size() != channels)
    {
        d.failed = true;
        return FLAC__STREAM_DECODER_WRITE_STATUS_ABORT;
    }
    d.audio.sampleRate = frame->header.sample_rate;
    for (unsigned c = 0; c < channels; ++c)
        for (unsigned i = 0; i < frame->header.blocksize; ++i)
            d.audio.channels[c].push_back(static_cast<float>(buffer[c][i]) * scale);
    return FLAC__STREAM_DECODER_WRITE_STATUS_CONTINUE;
}

void error(const FLAC__StreamDecoder*, FLAC__StreamDecoderErrorStatus, void* context)
{
    static_cast<Decoding*>(context)->failed = true;
}
} // namespace

DecodedAudio readFlacFile(const std::string& path)
{
    const std::unique_ptr<FLAC__StreamDecoder, void (*)(FLAC__StreamDecoder*)> decoder(
        FLAC__stream_decoder_new(), FLAC__stream_decoder_delete);
    Decoding d;
    if (!decoder || FLAC__stream_decoder_init_file(decoder.get(), path.c_str(), write, nullptr, error, &d) !=
                        FLAC__STREAM_DECODER_INIT_STATUS_OK)
        throw std::runtime_error("cannot open " + path + " as FLAC");
    if (!FLAC__stream_decoder_process_until_end_of_stream(decoder.get()) || d.failed ||
        d.audio.channels.empty())
        throw std::runtime_error("cannot decode " + path);
    return std::move(d.audio);
}

} // namespace faltung::test
