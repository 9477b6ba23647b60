// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "Vst3ParameterChanges.h"

#include "Vst3Query.h"

using namespace Steinberg;

namespace faltung::test
{

tresult PLUGIN_API Vst3ParamValueQueue::getPoint(int32 index, int32& sampleOffset, Vst::ParamValue& value)
{
    if (index < 0 || index >= numPoints_)
        return kResultFalse;
    sampleOffset = points_[static_cast<std::size_t>(index)].offset;
    value = points_[static_cast<std::size_t>(index)].value;
    return kResultTrue;
}

tresult PLUGIN_API Vst3ParamValueQueue::addPoint(int32 sampleOffset, Vst::ParamValue value, int32& index)
{
    int32 at = 0;
    while (at < numPoints_ && points_[static_cast<std::size_t>(at)].offset < sampleOffset)
        ++at;
    if (at < numPoints_ && points_[static_cast<std::size_t>(at)].offset == sampleOffset)
    {
        points_[static_cast<std::size_t>(at)].value = value;
        index = at;
        return kResultTrue;
    }
    if (numPoints_ == kMaxPoints)
        return kResultFalse;
    for (int32 i = numPoints_; i > at; --i)
        points_[static_cast<std::size_t>(i)] = points_[static_cast<std::size_t>(i - 1)];
    points_[static_cast<std::size_t>(at)] = {sampleOffset, value};
    ++numPoints_;
    index = at;
    return kResultTrue;
}

tresult PLUGIN_API Vst3ParamValueQueue::queryInterface(const TUID queried, void** obj)
{
    return queryOne<Vst::IParamValueQueue>(this, queried, obj);
}

Vst::IParamValueQueue* PLUGIN_API Vst3ParameterChanges::getParameterData(int32 index)
{
    return index >= 0 && index < numQueues_ ? &queues_[static_cast<std::size_t>(index)] : nullptr;
}

Vst::IParamValueQueue* PLUGIN_API Vst3ParameterChanges::addParameterData(const Vst::ParamID& id, int32& index)
{
    for (int32 i = 0; i < numQueues_; ++i)
        if (queues_[static_cast<std::size_t>(i)].getParameterId() == id)
        {
            index = i;
            return &queues_[static_cast<std::size_t>(i)];
        }
    if (numQueues_ == kMaxParameters)
        return nullptr;
    index = numQueues_++;
    auto& queue = queues_[static_cast<std::size_t>(index)];
    queue.reset(id);
    return &queue;
}

tresult PLUGIN_API Vst3ParameterChanges::queryInterface(const TUID queried, void** obj)
{
    return queryOne<Vst::IParameterChanges>(this, queried, obj);
}

} // namespace faltung::test
