// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include <pluginterfaces/vst/ivstparameterchanges.h>

#include <array>

namespace faltung::test
{

// The SDK's interfaces are COM-style: reference-counted, never deleted through them.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnon-virtual-dtor"

// A host's parameter changes for one process() call, in fixed storage so that
// filling and reading them never allocates (a plugin calls getParameterData,
// getPoint and, for its output changes, addParameterData and addPoint inside
// process()). Objects live in the host and are never reference-counted away.
class Vst3ParamValueQueue final : public Steinberg::Vst::IParamValueQueue
{
public:
    static constexpr int kMaxPoints = 32;

    void reset(Steinberg::Vst::ParamID id)
    {
        id_ = id;
        numPoints_ = 0;
    }

    Steinberg::Vst::ParamID PLUGIN_API getParameterId() override { return id_; }
    Steinberg::int32 PLUGIN_API getPointCount() override { return numPoints_; }
    Steinberg::tresult PLUGIN_API getPoint(Steinberg::int32 index, Steinberg::int32& sampleOffset,
                                           Steinberg::Vst::ParamValue& value) override;
    // Keeps the points ordered by offset; a point at an offset already there replaces it.
    Steinberg::tresult PLUGIN_API addPoint(Steinberg::int32 sampleOffset, Steinberg::Vst::ParamValue value,
                                           Steinberg::int32& index) override;

    Steinberg::tresult PLUGIN_API queryInterface(const Steinberg::TUID queried, void** obj) override;
    Steinberg::uint32 PLUGIN_API addRef() override { return 1; }
    Steinberg::uint32 PLUGIN_API release() override { return 1; }

private:
    struct Point
    {
        Steinberg::int32 offset;
        Steinberg::Vst::ParamValue value;
    };
    Steinberg::Vst::ParamID id_ = 0;
    Steinberg::int32 numPoints_ = 0;
    std::array<Point, kMaxPoints> points_{};
};

class Vst3ParameterChanges final : public Steinberg::Vst::IParameterChanges
{
public:
    static constexpr int kMaxParameters = 128;

    void clear() { numQueues_ = 0; }

    Steinberg::int32 PLUGIN_API getParameterCount() override { return numQueues_; }
    Steinberg::Vst::IParamValueQueue* PLUGIN_API getParameterData(Steinberg::int32 index) override;
    // The queue of that parameter, added if it has none yet.
    Steinberg::Vst::IParamValueQueue* PLUGIN_API addParameterData(const Steinberg::Vst::ParamID& id,
                                                                  Steinberg::int32& index) override;

    Steinberg::tresult PLUGIN_API queryInterface(const Steinberg::TUID queried, void** obj) override;
    Steinberg::uint32 PLUGIN_API addRef() override { return 1; }
    Steinberg::uint32 PLUGIN_API release() override { return 1; }

private:
    Steinberg::int32 numQueues_ = 0;
    std::array<Vst3ParamValueQueue, kMaxParameters> queues_{};
};

#pragma GCC diagnostic pop

} // namespace faltung::test
