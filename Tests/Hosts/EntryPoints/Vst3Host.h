// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include <pluginterfaces/base/ipluginbase.h>
#include <pluginterfaces/vst/ivstaudioprocessor.h>
#include <pluginterfaces/vst/ivstcomponent.h>
#include <pluginterfaces/vst/ivsteditcontroller.h>
#include <pluginterfaces/vst/ivsthostapplication.h>
#include <pluginterfaces/vst/ivstmessage.h>
#include <pluginterfaces/vst/ivstprocesscontext.h>

#include <atomic>
#include <string>
#include <vector>

namespace faltung::test
{

// The SDK's interfaces are COM-style: reference-counted, never deleted through them.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnon-virtual-dtor"

// A minimal VST3 host written on the SDK's interfaces, doing what a DAW does
// before it calls process(): loads the bundle's module (ModuleEntry), creates the
// first audio effect class and its edit controller from the factory, initialises
// both with a host context, connects them, asks for stereo in and out, activates
// the buses, sets up real-time 32-bit processing, and activates. The destructor
// undoes it all in reverse. Throws std::runtime_error with the step that failed.
class Vst3Plugin
{
public:
    struct Parameter
    {
        Steinberg::Vst::ParamID id;
        std::string title;
        Steinberg::int32 stepCount;
        Steinberg::int32 flags;
    };

    Vst3Plugin(const std::string& bundlePath, double sampleRate, int maxBlockSize);
    ~Vst3Plugin();
    Vst3Plugin(const Vst3Plugin&) = delete;
    Vst3Plugin& operator=(const Vst3Plugin&) = delete;

    // What the controller lists (getParameterInfo).
    const std::vector<Parameter>& parameters() const { return parameters_; }

    // setActive(true) and setProcessing(true): after this, only process().
    void startProcessing();
    void stopProcessing();

    // The entry point under test: IAudioProcessor::process, called as is.
    Steinberg::tresult process(Steinberg::Vst::ProcessData& data) { return processor_->process(data); }

    Steinberg::uint32 latencySamples() { return processor_->getLatencySamples(); }
    // restartComponent calls the controller has made (the plugin reports latency changes this way).
    int restartRequests() const { return handler_.restarts.load(); }

private:
    // The host context handed to the factory, the component and the controller.
    struct HostApplication final : Steinberg::Vst::IHostApplication
    {
        Steinberg::tresult PLUGIN_API getName(Steinberg::Vst::String128 name) override;
        Steinberg::tresult PLUGIN_API createInstance(Steinberg::TUID cid, Steinberg::TUID interfaceId,
                                                     void** obj) override;
        Steinberg::tresult PLUGIN_API queryInterface(const Steinberg::TUID queried, void** obj) override;
        Steinberg::uint32 PLUGIN_API addRef() override { return 1; }
        Steinberg::uint32 PLUGIN_API release() override { return 1; }
    };

    // Edits and restart requests from the controller (on the plugin's message thread).
    struct ComponentHandler final : Steinberg::Vst::IComponentHandler
    {
        std::atomic<int> restarts{0};
        Steinberg::tresult PLUGIN_API beginEdit(Steinberg::Vst::ParamID) override
        {
            return Steinberg::kResultOk;
        }
        Steinberg::tresult PLUGIN_API performEdit(Steinberg::Vst::ParamID,
                                                  Steinberg::Vst::ParamValue) override
        {
            return Steinberg::kResultOk;
        }
        Steinberg::tresult PLUGIN_API endEdit(Steinberg::Vst::ParamID) override
        {
            return Steinberg::kResultOk;
        }
        Steinberg::tresult PLUGIN_API restartComponent(Steinberg::int32) override
        {
            ++restarts;
            return Steinberg::kResultOk;
        }
        Steinberg::tresult PLUGIN_API queryInterface(const Steinberg::TUID queried, void** obj) override;
        Steinberg::uint32 PLUGIN_API addRef() override { return 1; }
        Steinberg::uint32 PLUGIN_API release() override { return 1; }
    };

    void teardown();

    HostApplication host_;
    ComponentHandler handler_;
    void* module_ = nullptr;
    Steinberg::IPluginFactory* factory_ = nullptr;
    Steinberg::Vst::IComponent* component_ = nullptr;
    Steinberg::Vst::IAudioProcessor* processor_ = nullptr;
    Steinberg::Vst::IEditController* controller_ = nullptr;
    Steinberg::Vst::IConnectionPoint* componentPoint_ = nullptr;
    Steinberg::Vst::IConnectionPoint* controllerPoint_ = nullptr;
    bool componentInitialised_ = false, controllerInitialised_ = false, connected_ = false;
    bool active_ = false, processing_ = false;
    std::vector<Parameter> parameters_;
};

#pragma GCC diagnostic pop

} // namespace faltung::test
