// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include <pluginterfaces/base/funknown.h>

namespace faltung::test
{

// queryInterface for a host-side object that implements one VST3 interface (and
// FUnknown): the test hosts' objects own no references, so nothing is counted.
template <typename Interface>
Steinberg::tresult queryOne(Steinberg::FUnknown* self, const Steinberg::TUID queried, void** obj)
{
    using namespace Steinberg;
    if (FUnknownPrivate::iidEqual(queried, Interface::iid) ||
        FUnknownPrivate::iidEqual(queried, FUnknown::iid))
    {
        *obj = self;
        return kResultOk;
    }
    *obj = nullptr;
    return kNoInterface;
}

} // namespace faltung::test
