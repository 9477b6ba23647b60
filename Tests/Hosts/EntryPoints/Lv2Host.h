// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include <lilv/lilv.h>
#include <lv2/atom/forge.h>
#include <lv2/options/options.h>
#include <lv2/urid/urid.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace faltung::test
{

// A minimal LV2 host on lilv, doing what a DAW does before it calls run(): reads
// the bundle's description, instantiates the plugin with urid:map and unmap,
// options (block lengths, sample rate) and boundedBlockLength, connects every
// port (audio, control, and atom sequences of at least their rsz:minimumSize),
// and activates it. Throws std::runtime_error with the step that failed.
class Lv2Plugin
{
public:
    // A parameter the plugin lists as patch:writable.
    struct Parameter
    {
        std::string uri;
        LV2_URID urid;
        float minimum, maximum;
    };
    struct ParameterChange
    {
        std::uint32_t frame;
        const Parameter* parameter;
        float value; // in the parameter's own range
    };

    Lv2Plugin(const std::string& bundlePath, const std::string& pluginUri, double sampleRate,
              int maxBlockSize);
    ~Lv2Plugin();
    Lv2Plugin(const Lv2Plugin&) = delete;
    Lv2Plugin& operator=(const Lv2Plugin&) = delete;

    const std::vector<Parameter>& parameters() const { return parameters_; }
    int numAudioInputs() const { return static_cast<int>(audioInputs_.size()); }
    int numAudioOutputs() const { return static_cast<int>(audioOutputs_.size()); }
    float* audioInput(int channel) { return audioInputs_[static_cast<std::size_t>(channel)]->data(); }
    const float* audioOutput(int channel) const
    {
        return audioOutputs_[static_cast<std::size_t>(channel)]->data();
    }

    // What a host does between two run() calls: the input sequence holds these
    // changes as patch:Set objects (ordered by frame), the output sequence is
    // emptied to its full capacity, and the lv2:enabled port is set. No allocation.
    void prepareCycle(const ParameterChange* changes, int numChanges, bool enabled);

    // The entry point under test: the descriptor's run(), called as is.
    void run(std::uint32_t numSamples) { descriptor_->run(handle_, numSamples); }

    // The plugin's lv2:latency output port (-1 when it has none).
    float latency() const { return latencyPort_ != nullptr ? *latencyPort_ : -1.0f; }

private:
    // urid:map / unmap. The plugin maps its URIs when it is instantiated; a lock
    // and a list are fine for that, and a plugin that maps in run() would show.
    struct UridMap
    {
        std::mutex lock;
        std::vector<std::unique_ptr<std::string>> uris;
        LV2_URID map(const char* uri);
        const char* unmap(LV2_URID urid);
    };

    void teardown();

    UridMap urids_;
    LV2_URID_Map map_{};
    LV2_URID_Unmap unmap_{};
    std::int32_t minBlock_ = 1, maxBlock_ = 0;
    float sampleRateOption_ = 0.0f;
    std::vector<LV2_Options_Option> options_;
    std::vector<LV2_Feature> featureStorage_;
    std::vector<const LV2_Feature*> features_;

    LilvWorld* world_ = nullptr;
    LilvInstance* instance_ = nullptr;
    const LV2_Descriptor* descriptor_ = nullptr;
    LV2_Handle handle_ = nullptr;
    bool active_ = false;

    std::vector<std::unique_ptr<std::vector<float>>> audioInputs_, audioOutputs_;
    std::vector<std::unique_ptr<float>> controls_;
    float* enabledPort_ = nullptr;
    float* latencyPort_ = nullptr;
    // Atom buffers as 64-bit words: atoms are 8-byte aligned.
    std::vector<std::uint64_t> atomInput_, atomOutput_;
    LV2_Atom_Forge forge_{};
    LV2_URID atomChunk_ = 0, patchSet_ = 0, patchProperty_ = 0, patchValue_ = 0;

    std::vector<Parameter> parameters_;
};

} // namespace faltung::test
