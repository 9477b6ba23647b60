// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "Vst3Host.h"

#include "Vst3Query.h"

#include <pluginterfaces/vst/vstspeaker.h>

#include <cstring>
#include <dlfcn.h>
#include <filesystem>
#include <stdexcept>

using namespace Steinberg;

namespace faltung::test
{

namespace
{
// The entry points a Linux VST3 module exports.
using ModuleEntryFunction = bool(PLUGIN_API*)(void*);
using ModuleExitFunction = bool(PLUGIN_API*)();
using GetFactoryFunction = IPluginFactory*(PLUGIN_API*)();

void check(bool ok, const std::string& step)
{
    if (!ok)
        throw std::runtime_error("VST3 host: " + step + " failed");
}

void check(tresult result, const std::string& step)
{
    check(result == kResultOk, step + " (result " + std::to_string(result) + ")");
}

std::string fromString128(const Vst::String128 text)
{
    std::string s;
    for (int i = 0; i < 128 && text[i] != 0; ++i)
        s += text[i] < 128 ? static_cast<char>(text[i]) : '?';
    return s;
}

template <typename Interface>
Interface* queryInterface(FUnknown* object, const std::string& step)
{
    void* result = nullptr;
    check(object->queryInterface(Interface::iid, &result), step);
    return static_cast<Interface*>(result);
}

} // namespace

tresult PLUGIN_API Vst3Plugin::HostApplication::getName(Vst::String128 name)
{
    const char* text = "Faltung entry-point test host";
    int i = 0;
    for (; text[i] != 0; ++i)
        name[i] = static_cast<Vst::TChar>(text[i]);
    name[i] = 0;
    return kResultOk;
}

// Messages between component and controller are not needed: they are connected
// directly, and JUCE's find each other through that connection.
tresult PLUGIN_API Vst3Plugin::HostApplication::createInstance(TUID, TUID, void** obj)
{
    *obj = nullptr;
    return kNotImplemented;
}

tresult PLUGIN_API Vst3Plugin::HostApplication::queryInterface(const TUID queried, void** obj)
{
    return queryOne<Vst::IHostApplication>(this, queried, obj);
}

tresult PLUGIN_API Vst3Plugin::ComponentHandler::queryInterface(const TUID queried, void** obj)
{
    return queryOne<Vst::IComponentHandler>(this, queried, obj);
}

Vst3Plugin::Vst3Plugin(const std::string& bundlePath, double sampleRate, int maxBlockSize)
{
    try
    {
        const auto name = std::filesystem::path(bundlePath).stem().string();
        const auto binary = bundlePath + "/Contents/x86_64-linux/" + name + ".so";
        module_ = dlopen(binary.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (module_ == nullptr)
            throw std::runtime_error(std::string("VST3 host: cannot load ") + binary + ": " + dlerror());

        const auto entry = reinterpret_cast<ModuleEntryFunction>(dlsym(module_, "ModuleEntry"));
        const auto getFactory = reinterpret_cast<GetFactoryFunction>(dlsym(module_, "GetPluginFactory"));
        check(entry != nullptr && getFactory != nullptr, "finding ModuleEntry and GetPluginFactory");
        check(entry(module_), "ModuleEntry");
        factory_ = getFactory();
        check(factory_ != nullptr, "GetPluginFactory");

        void* factory3 = nullptr;
        if (factory_->queryInterface(IPluginFactory3::iid, &factory3) == kResultOk)
        {
            static_cast<IPluginFactory3*>(factory3)->setHostContext(&host_);
            static_cast<IPluginFactory3*>(factory3)->release();
        }

        PClassInfo effect{};
        bool found = false;
        for (int32 i = 0; i < factory_->countClasses() && !found; ++i)
            found = factory_->getClassInfo(i, &effect) == kResultOk &&
                    std::strcmp(effect.category, kVstAudioEffectClass) == 0;
        check(found, "finding an audio effect class");

        check(
            factory_->createInstance(effect.cid, Vst::IComponent::iid, reinterpret_cast<void**>(&component_)),
            "creating the component");
        check(component_->initialize(&host_), "initialising the component");
        componentInitialised_ = true;
        processor_ = queryInterface<Vst::IAudioProcessor>(component_, "querying IAudioProcessor");

        TUID controllerId;
        check(component_->getControllerClassId(controllerId), "getControllerClassId");
        check(factory_->createInstance(controllerId, Vst::IEditController::iid,
                                       reinterpret_cast<void**>(&controller_)),
              "creating the edit controller");
        check(controller_->initialize(&host_), "initialising the edit controller");
        controllerInitialised_ = true;
        check(controller_->setComponentHandler(&handler_), "setComponentHandler");

        componentPoint_ =
            queryInterface<Vst::IConnectionPoint>(component_, "querying the component's IConnectionPoint");
        controllerPoint_ =
            queryInterface<Vst::IConnectionPoint>(controller_, "querying the controller's IConnectionPoint");
        check(componentPoint_->connect(controllerPoint_), "connecting the component to the controller");
        check(controllerPoint_->connect(componentPoint_), "connecting the controller to the component");
        connected_ = true;

        for (int32 i = 0; i < controller_->getParameterCount(); ++i)
        {
            Vst::ParameterInfo info{};
            check(controller_->getParameterInfo(i, info), "getParameterInfo");
            parameters_.push_back({info.id, fromString128(info.title), info.stepCount, info.flags});
        }

        Vst::SpeakerArrangement in = Vst::SpeakerArr::kStereo, out = Vst::SpeakerArr::kStereo;
        check(processor_->setBusArrangements(&in, 1, &out, 1), "setBusArrangements(stereo, stereo)");
        check(component_->activateBus(Vst::kAudio, Vst::kInput, 0, true), "activating the input bus");
        check(component_->activateBus(Vst::kAudio, Vst::kOutput, 0, true), "activating the output bus");

        Vst::ProcessSetup setup{Vst::kRealtime, Vst::kSample32, maxBlockSize, sampleRate};
        check(processor_->canProcessSampleSize(Vst::kSample32) == kResultTrue, "canProcessSampleSize(32)");
        check(processor_->setupProcessing(setup), "setupProcessing");
    }
    catch (...)
    {
        teardown();
        throw;
    }
}

Vst3Plugin::~Vst3Plugin()
{
    teardown();
}

void Vst3Plugin::startProcessing()
{
    check(component_->setActive(true), "setActive(true)");
    active_ = true;
    // Some plugins answer kNotImplemented here; JUCE's answers kResultTrue.
    const auto result = processor_->setProcessing(true);
    check(result == kResultOk || result == kNotImplemented, "setProcessing(true)");
    processing_ = true;
}

void Vst3Plugin::stopProcessing()
{
    if (processing_)
        processor_->setProcessing(false);
    processing_ = false;
    if (active_)
        component_->setActive(false);
    active_ = false;
}

void Vst3Plugin::teardown()
{
    stopProcessing();
    if (connected_)
    {
        controllerPoint_->disconnect(componentPoint_);
        componentPoint_->disconnect(controllerPoint_);
        connected_ = false;
    }
    for (auto** point : {&componentPoint_, &controllerPoint_})
        if (*point != nullptr)
        {
            (*point)->release();
            *point = nullptr;
        }
    if (controller_ != nullptr)
    {
        if (controllerInitialised_)
        {
            controller_->setComponentHandler(nullptr);
            controller_->terminate();
        }
        controller_->release();
        controller_ = nullptr;
    }
    if (processor_ != nullptr)
    {
        processor_->release();
        processor_ = nullptr;
    }
    if (component_ != nullptr)
    {
        if (componentInitialised_)
            component_->terminate();
        component_->release();
        component_ = nullptr;
    }
    if (factory_ != nullptr)
    {
        factory_->release();
        factory_ = nullptr;
    }
    if (module_ != nullptr)
    {
        if (const auto exit = reinterpret_cast<ModuleExitFunction>(dlsym(module_, "ModuleExit")))
            exit();
        dlclose(module_);
        module_ = nullptr;
    }
}

} // namespace faltung::test
