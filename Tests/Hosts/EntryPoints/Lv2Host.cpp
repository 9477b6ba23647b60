// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "Lv2Host.h"

#include <lv2/buf-size/buf-size.h>
#include <lv2/parameters/parameters.h>
#include <lv2/patch/patch.h>
#include <lv2/resize-port/resize-port.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace faltung::test
{

namespace
{
// Owns one lilv node for the scope of a query.
struct Node
{
    LilvNode* node;
    explicit Node(LilvNode* n)
        : node(n)
    {
    }
    ~Node() { lilv_node_free(node); }
    Node(const Node&) = delete;
    Node& operator=(const Node&) = delete;
    operator const LilvNode*() const { return node; }
};

float floatOf(LilvWorld* world, const LilvNode* subject, const char* predicate, float fallback)
{
    const Node p(lilv_new_uri(world, predicate));
    const Node value(lilv_world_get(world, subject, p, nullptr));
    return value.node != nullptr && lilv_node_is_float(value) ? lilv_node_as_float(value)
           : value.node != nullptr && lilv_node_is_int(value) ? static_cast<float>(lilv_node_as_int(value))
                                                              : fallback;
}

constexpr std::size_t kMinAtomBufferBytes = 8192;
} // namespace

LV2_URID Lv2Plugin::UridMap::map(const char* uri)
{
    const std::lock_guard<std::mutex> hold(lock);
    for (std::size_t i = 0; i < uris.size(); ++i)
        if (*uris[i] == uri)
            return static_cast<LV2_URID>(i + 1);
    uris.push_back(std::make_unique<std::string>(uri));
    return static_cast<LV2_URID>(uris.size());
}

const char* Lv2Plugin::UridMap::unmap(LV2_URID urid)
{
    const std::lock_guard<std::mutex> hold(lock);
    return urid >= 1 && urid <= uris.size() ? uris[urid - 1]->c_str() : nullptr;
}

Lv2Plugin::Lv2Plugin(const std::string& bundlePath, const std::string& pluginUri, double sampleRate,
                     int maxBlockSize)
{
    try
    {
        map_.handle = &urids_;
        map_.map = [](LV2_URID_Map_Handle h, const char* uri) { return static_cast<UridMap*>(h)->map(uri); };
        unmap_.handle = &urids_;
        unmap_.unmap = [](LV2_URID_Unmap_Handle h, LV2_URID u) { return static_cast<UridMap*>(h)->unmap(u); };

        maxBlock_ = maxBlockSize;
        sampleRateOption_ = static_cast<float>(sampleRate);
        const auto atomInt = urids_.map(LV2_ATOM__Int);
        const auto atomFloat = urids_.map(LV2_ATOM__Float);
        options_ = {
            {LV2_OPTIONS_INSTANCE, 0, urids_.map(LV2_BUF_SIZE__minBlockLength), sizeof(std::int32_t), atomInt,
             &minBlock_},
            {LV2_OPTIONS_INSTANCE, 0, urids_.map(LV2_BUF_SIZE__maxBlockLength), sizeof(std::int32_t), atomInt,
             &maxBlock_},
            {LV2_OPTIONS_INSTANCE, 0, urids_.map(LV2_BUF_SIZE__nominalBlockLength), sizeof(std::int32_t),
             atomInt, &maxBlock_},
            {LV2_OPTIONS_INSTANCE, 0, urids_.map(LV2_PARAMETERS__sampleRate), sizeof(float), atomFloat,
             &sampleRateOption_},
            {LV2_OPTIONS_INSTANCE, 0, 0, 0, 0, nullptr},
        };
        featureStorage_ = {{LV2_URID__map, &map_},
                           {LV2_URID__unmap, &unmap_},
                           {LV2_OPTIONS__options, options_.data()},
                           {LV2_BUF_SIZE__boundedBlockLength, nullptr}};
        for (const auto& f : featureStorage_)
            features_.push_back(&f);
        features_.push_back(nullptr);

        world_ = lilv_world_new();
        const Node bundle(lilv_new_file_uri(world_, nullptr, (bundlePath + "/").c_str()));
        lilv_world_load_bundle(world_, bundle);
        const Node uri(lilv_new_uri(world_, pluginUri.c_str()));
        const LilvPlugin* plugin = lilv_plugins_get_by_uri(lilv_world_get_all_plugins(world_), uri);
        if (plugin == nullptr)
            throw std::runtime_error("LV2 host: no plugin " + pluginUri + " in " + bundlePath);

        instance_ = lilv_plugin_instantiate(plugin, sampleRate, features_.data());
        if (instance_ == nullptr)
            throw std::runtime_error("LV2 host: instantiating " + pluginUri + " failed");
        descriptor_ = lilv_instance_get_descriptor(instance_);
        handle_ = lilv_instance_get_handle(instance_);

        const Node audioPort(lilv_new_uri(world_, LV2_CORE__AudioPort));
        const Node controlPort(lilv_new_uri(world_, LV2_CORE__ControlPort));
        const Node atomPort(lilv_new_uri(world_, LV2_ATOM__AtomPort));
        const Node inputPort(lilv_new_uri(world_, LV2_CORE__InputPort));
        const Node minimumSize(lilv_new_uri(world_, LV2_RESIZE_PORT__minimumSize));
        const Node designation(lilv_new_uri(world_, LV2_CORE__designation));
        for (std::uint32_t i = 0; i < lilv_plugin_get_num_ports(plugin); ++i)
        {
            const LilvPort* port = lilv_plugin_get_port_by_index(plugin, i);
            const bool input = lilv_port_is_a(plugin, port, inputPort);
            void* data = nullptr;
            if (lilv_port_is_a(plugin, port, audioPort))
            {
                auto& list = input ? audioInputs_ : audioOutputs_;
                list.push_back(std::make_unique<std::vector<float>>(static_cast<std::size_t>(maxBlockSize)));
                data = list.back()->data();
            }
            else if (lilv_port_is_a(plugin, port, controlPort))
            {
                LilvNode* value = nullptr;
                lilv_port_get_range(plugin, port, &value, nullptr, nullptr);
                controls_.push_back(
                    std::make_unique<float>(value != nullptr ? lilv_node_as_float(value) : 0.0f));
                lilv_node_free(value);
                data = controls_.back().get();
                const Node role(lilv_port_get(plugin, port, designation));
                if (role.node != nullptr && std::strcmp(lilv_node_as_uri(role), LV2_CORE__enabled) == 0)
                    enabledPort_ = controls_.back().get();
                if (role.node != nullptr && std::strcmp(lilv_node_as_uri(role), LV2_CORE__latency) == 0)
                    latencyPort_ = controls_.back().get();
            }
            else if (lilv_port_is_a(plugin, port, atomPort))
            {
                const Node size(lilv_port_get(plugin, port, minimumSize));
                const auto bytes =
                    std::max(kMinAtomBufferBytes, size.node != nullptr && lilv_node_is_int(size)
                                                      ? static_cast<std::size_t>(lilv_node_as_int(size))
                                                      : std::size_t{0});
                auto& buffer = input ? atomInput_ : atomOutput_;
                if (!buffer.empty())
                    throw std::runtime_error("LV2 host: more than one atom port each way is not supported");
                buffer.assign((bytes + 7) / 8, 0);
                data = buffer.data();
            }
            else
                throw std::runtime_error("LV2 host: port " + std::to_string(i) +
                                         " has a type this host lacks");
            lilv_instance_connect_port(instance_, i, data);
        }

        // The parameters the plugin takes through patch:Set, with their ranges.
        const Node writable(lilv_new_uri(world_, LV2_PATCH__writable));
        LilvNodes* writables = lilv_world_find_nodes(world_, lilv_plugin_get_uri(plugin), writable, nullptr);
        LILV_FOREACH(nodes, it, writables)
        {
            const LilvNode* p = lilv_nodes_get(writables, it);
            Parameter parameter{lilv_node_as_uri(p), urids_.map(lilv_node_as_uri(p)), 0.0f, 1.0f};
            parameter.minimum = floatOf(world_, p, LV2_CORE__minimum, 0.0f);
            parameter.maximum = floatOf(world_, p, LV2_CORE__maximum, 1.0f);
            parameters_.push_back(parameter);
        }
        lilv_nodes_free(writables);

        atomChunk_ = urids_.map(LV2_ATOM__Chunk);
        patchSet_ = urids_.map(LV2_PATCH__Set);
        patchProperty_ = urids_.map(LV2_PATCH__property);
        patchValue_ = urids_.map(LV2_PATCH__value);
        lv2_atom_forge_init(&forge_, &map_);
        prepareCycle(nullptr, 0, true);

        lilv_instance_activate(instance_);
        active_ = true;
    }
    catch (...)
    {
        teardown();
        throw;
    }
}

Lv2Plugin::~Lv2Plugin()
{
    teardown();
}

void Lv2Plugin::teardown()
{
    if (active_)
        lilv_instance_deactivate(instance_);
    active_ = false;
    if (instance_ != nullptr)
        lilv_instance_free(instance_);
    instance_ = nullptr;
    if (world_ != nullptr)
        lilv_world_free(world_);
    world_ = nullptr;
}

void Lv2Plugin::prepareCycle(const ParameterChange* changes, int numChanges, bool enabled)
{
    if (!atomInput_.empty())
    {
        lv2_atom_forge_set_buffer(&forge_, reinterpret_cast<std::uint8_t*>(atomInput_.data()),
                                  atomInput_.size() * sizeof(std::uint64_t));
        LV2_Atom_Forge_Frame sequence;
        lv2_atom_forge_sequence_head(&forge_, &sequence, 0);
        for (int i = 0; i < numChanges; ++i)
        {
            LV2_Atom_Forge_Frame object;
            lv2_atom_forge_frame_time(&forge_, changes[i].frame);
            lv2_atom_forge_object(&forge_, &object, 0, patchSet_);
            lv2_atom_forge_key(&forge_, patchProperty_);
            lv2_atom_forge_urid(&forge_, changes[i].parameter->urid);
            lv2_atom_forge_key(&forge_, patchValue_);
            lv2_atom_forge_float(&forge_, changes[i].value);
            lv2_atom_forge_pop(&forge_, &object);
        }
        lv2_atom_forge_pop(&forge_, &sequence);
    }
    if (!atomOutput_.empty())
    {
        // An output sequence's size is its capacity when run() begins.
        auto* out = reinterpret_cast<LV2_Atom*>(atomOutput_.data());
        out->size = static_cast<std::uint32_t>(atomOutput_.size() * sizeof(std::uint64_t) - sizeof(LV2_Atom));
        out->type = atomChunk_;
    }
    if (enabledPort_ != nullptr)
        *enabledPort_ = enabled ? 1.0f : 0.0f;
}

} // namespace faltung::test
