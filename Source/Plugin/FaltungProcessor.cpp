// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "FaltungProcessor.h"

#include "FactoryPresets.h"
#include "SessionState.h"

#include <cstring>

namespace faltung
{

namespace
{
// How long an offline render waits for an IR still loading before going on without it.
constexpr int kOfflineLoadWaitMs = 30000;
constexpr int kTimerMs = 50;

int presetIndexFor(const char* factoryIrId)
{
    const auto& presets = factoryPresets();
    for (std::size_t i = 0; i < presets.size(); ++i)
        if (std::strcmp(presets[i].factoryIrId, factoryIrId) == 0)
            return static_cast<int>(i);
    return 0;
}
} // namespace

FaltungProcessor::FaltungProcessor()
    : AudioProcessor(BusesProperties()
                         .withInput("Input", juce::AudioChannelSet::stereo(), true)
                         .withOutput("Output", juce::AudioChannelSet::stereo(), true))
    , parameters_(*this, nullptr, "Parameters", params::createLayout())
    , reader_(parameters_)
    , loader_(reverb_)
    , currentProgram_(presetIndexFor(factory::kDefaultFactoryIrId))
    , order_(getParameters().size())
{
    loader_.requestSource(IrSource::factory(factory::kDefaultFactoryIrId));
    for (auto* parameter : getParameters())
        parameter->addListener(this);
    startTimer(kTimerMs);
}

FaltungProcessor::~FaltungProcessor()
{
    // Only where JUCE runs a message thread of its own beside the host's (the LV2
    // wrapper, while it destroys the plugin): elsewhere the plugin is destroyed on
    // the message thread, or there is none.
    if (wrapperType == wrapperType_LV2 && !juce::MessageManager::existsAndIsCurrentThread() &&
        juce::MessageManager::getInstanceWithoutCreating() != nullptr)
        destructionLock_.emplace();
    stopTimer();
    for (auto* parameter : getParameters())
        parameter->removeListener(this);
}

bool FaltungProcessor::isBusesLayoutSupported(const BusesLayout& layouts) const
{
    const auto in = layouts.getMainInputChannelSet();
    const auto out = layouts.getMainOutputChannelSet();
    const bool inOk = in == juce::AudioChannelSet::mono() || in == juce::AudioChannelSet::stereo();
    const bool outOk = out == juce::AudioChannelSet::mono() || out == juce::AudioChannelSet::stereo();
    // mono -> mono, mono -> stereo, stereo -> stereo
    return inOk && outOk && in.size() <= out.size();
}

EngineSpec FaltungProcessor::engineSpec() const
{
    EngineSpec spec;
    spec.partitionSize = reader_.partitionSize();
    spec.latencyMode = reader_.latencyMode();
    spec.partitioning = Partitioning::automatic; // later stages on worker threads for long IRs
    return spec;
}

void FaltungProcessor::prepareToPlay(double sampleRate, int maximumExpectedSamplesPerBlock)
{
    const StreamLayout layout{sampleRate, juce::jmax(1, maximumExpectedSamplesPerBlock),
                              juce::jlimit(1, 2, getMainBusNumInputChannels()),
                              juce::jlimit(1, 2, getMainBusNumOutputChannels())};
    layout_ = layout;
    loader_.requestEdits(reader_.irEdits());
    loader_.prepareNow(layout, engineSpec());
    loadMeasurer_.reset(sampleRate, layout.maxBlockSize);
    reverb_.setSettingsImmediately(reader_.reverbSettings());
    setLatencySamples(reverb_.latencySamples());
}

void FaltungProcessor::releaseResources()
{
    reverb_.reset();
}

void FaltungProcessor::reset()
{
    reverb_.reset();
}

void FaltungProcessor::render(juce::AudioBuffer<float>& buffer, bool bypassed) noexcept
{
    juce::ScopedNoDenormals noDenormals;
    const int n = buffer.getNumSamples();
    juce::AudioProcessLoadMeasurer::ScopedTimer measureLoad(loadMeasurer_, n);
    if (!layout_ || buffer.getNumChannels() < juce::jmax(layout_->numInputs, layout_->numOutputs))
    {
        buffer.clear();
        return;
    }

    // Offline, a bounce must not start before the IR it was set up with is ready,
    // and is computed whole: it waits for the multi-stage engine's workers.
    const bool offline = isNonRealtime();
    if (offline && loader_.isBusy())
        loader_.waitUntilIdle(kOfflineLoadWaitMs);
    reverb_.setOffline(offline);

    auto settings = reader_.reverbSettings();
    settings.bypass = settings.bypass || bypassed;
    reverb_.setSettings(settings);
    reverb_.process(buffer.getArrayOfReadPointers(), buffer.getArrayOfWritePointers(), n);
    for (int c = layout_->numOutputs; c < buffer.getNumChannels(); ++c)
        buffer.clear(c, 0, n);
}

void FaltungProcessor::processBlock(juce::AudioBuffer<float>& buffer, juce::MidiBuffer&)
{
    render(buffer, false);
}

void FaltungProcessor::processBlockBypassed(juce::AudioBuffer<float>& buffer, juce::MidiBuffer&)
{
    // The host's own bypass: keep the dry signal delayed by the latency, so that
    // bypassing does not shift the track in time.
    render(buffer, true);
}

double FaltungProcessor::getTailLengthSeconds() const
{
    const auto predelay = parameters_.getRawParameterValue(params::predelay.getParamID())->load();
    return reverb_.tailSeconds() + predelay / 1000.0;
}

juce::AudioProcessorParameter* FaltungProcessor::getBypassParameter() const
{
    return parameters_.getParameter(params::bypass.getParamID());
}

void FaltungProcessor::loadImpulseResponse(const IrSource& source)
{
    order_.applyNow(SettingsOrder::Scope::impulseResponse, [&] { loader_.requestSource(source); });
}

int FaltungProcessor::getNumPrograms()
{
    return static_cast<int>(factoryPresets().size());
}

const juce::String FaltungProcessor::getProgramName(int index)
{
    const auto& presets = factoryPresets();
    return index >= 0 && index < static_cast<int>(presets.size())
               ? presets[static_cast<std::size_t>(index)].name
               : "";
}

int FaltungProcessor::getCurrentProgram()
{
    const int pending = order_.pendingProgram();
    return pending >= 0 ? pending : currentProgram_.load();
}

void FaltungProcessor::setCurrentProgram(int index)
{
    if (index < 0 || index >= getNumPrograms())
        return;
    if (juce::MessageManager::existsAndIsCurrentThread())
        order_.applyNow(SettingsOrder::Scope::everything, [&] { applyProgram(index); });
    else
        order_.requestProgram(index); // possibly the audio thread: applied later
}

void FaltungProcessor::applyPendingProgram()
{
    order_.applyPendingProgram([this](int index, const auto& parameterIsCurrent, bool irIsCurrent)
                               { applyProgram(index, parameterIsCurrent, irIsCurrent); });
}

void FaltungProcessor::applyProgram(int index, const std::function<bool(int)>& parameterIsCurrent,
                                    bool impulseResponseIsCurrent)
{
    const auto& preset = factoryPresets()[static_cast<std::size_t>(index)];
    auto set = [&](const juce::ParameterID& id, float value)
    {
        auto* parameter = parameters_.getParameter(id.getParamID());
        if (!parameterIsCurrent || parameterIsCurrent(parameter->getParameterIndex()))
            parameter->setValueNotifyingHost(parameter->convertTo0to1(value));
    };
    for (const auto& [spec, value] : presetValues(preset))
        set(params::parameterId(*spec), value);
    if (impulseResponseIsCurrent)
        loader_.requestSource(IrSource::factory(preset.factoryIrId));
    currentProgram_ = index;
}

void FaltungProcessor::updateEngineAndLatency()
{
    applyPendingProgram();

    // New IR edits, latency mode or partition size mean a new engine, crossfaded
    // in; the loader ignores what it already has.
    loader_.requestEdits(reader_.irEdits());
    if (layout_)
        loader_.requestEngine(*layout_, engineSpec());
    const int latency = reverb_.latencySamples();
    if (latency != getLatencySamples())
        setLatencySamples(latency);
}

IrSource FaltungProcessor::sourceToSave()
{
    // The IR as found (relinked path, size, hash) if it is the one asked for;
    // otherwise what was asked for, as it came (a missing file keeps its reference).
    const auto requested = loader_.requestedSource();
    const auto loaded = loader_.loadedIr();
    const bool loadedIsRequested = loaded.requested == requested && loaded.decoded != nullptr;
    IrSource source = loadedIsRequested ? loaded.found : requested;
    if (source.embedded == nullptr)
        source.embedded = requested.embedded;

    if (source.kind != IrSource::Kind::file || !embedIr_.load())
    {
        source.embedded = nullptr;
        return source;
    }
    if (source.embedded == nullptr && loadedIsRequested)
    {
        std::lock_guard lock(embedMutex_);
        if (!(embeddedFor_ == requested) || embeddedCache_ == nullptr)
        {
            embeddedCache_ = std::make_shared<const EmbeddedIr>(EmbeddedIr::encode(*loaded.decoded));
            embeddedFor_ = requested;
        }
        source.embedded = embeddedCache_;
    }
    return source;
}

std::unique_ptr<juce::XmlElement> FaltungProcessor::createStateXml()
{
    applyPendingProgram(); // what was last asked for, not what the timer got to
    return order_.readConsistent(
        [this]
        {
            juce::ValueTree state(session::kStateType);
            state.setProperty(session::kVersionAttribute, session::kVersion, nullptr);
            state.setProperty(session::kProgram, currentProgram_.load(), nullptr);
            state.setProperty(session::kEmbedIr, embedIr_.load(), nullptr);
            state.appendChild(parameters_.copyState(), nullptr);
            state.appendChild(session::writeIrSource(sourceToSave()), nullptr);
            return state.createXml();
        });
}

void FaltungProcessor::getStateInformation(juce::MemoryBlock& destData)
{
    if (auto xml = createStateXml())
        copyXmlToBinary(*xml, destData);
}

void FaltungProcessor::setStateInformation(const void* data, int sizeInBytes)
{
    if (const auto xml =
            sizeInBytes > 0 ? session::readStateBlob(data, static_cast<std::size_t>(sizeInBytes)) : nullptr)
        restoreState(*xml);
    else
    {
        std::lock_guard lock(warningsMutex_);
        stateWarnings_ = {"The saved state could not be read: nothing was changed."};
    }
}

session::RestoreWarnings FaltungProcessor::stateWarnings() const
{
    std::lock_guard lock(warningsMutex_);
    return stateWarnings_;
}

void FaltungProcessor::selectAbSlot(int slot)
{
    if (slot == abSlot_ || (slot != 0 && slot != 1))
        return;
    auto leaving = createStateXml();
    if (otherAbSlot_ != nullptr)
        restoreState(*otherAbSlot_);
    otherAbSlot_ = std::move(leaving);
    abSlot_ = slot;
}

void FaltungProcessor::copyCurrentToOtherAbSlot()
{
    otherAbSlot_ = createStateXml();
}

void FaltungProcessor::restoreState(const juce::XmlElement& xml)
{
    session::RestoreWarnings warnings;
    // Not ours or damaged: keep what we have, and what was asked for before it.
    if (!xml.hasTagName(session::kStateType.toString()))
        warnings.push_back("The saved state is not a Faltung state: nothing was changed.");
    else // replaces everything, a program selected before it included
        order_.applyNow(SettingsOrder::Scope::everything, [&] { restoreValidState(xml, warnings); });
    std::lock_guard lock(warningsMutex_);
    stateWarnings_ = std::move(warnings);
}

void FaltungProcessor::restoreValidState(const juce::XmlElement& xml, session::RestoreWarnings& warnings)
{
    // Any version: what is known is read, what is missing keeps its default.
    const auto state = juce::ValueTree::fromXml(xml);
    const int version = session::readVersion(state, warnings);
    if (state.hasProperty(session::kProgram))
    {
        const int program = static_cast<int>(state[session::kProgram]);
        if (program < 0 || program >= getNumPrograms() ||
            state[session::kProgram].toString() != juce::String(program))
            warnings.push_back("The saved program (\"" + state[session::kProgram].toString().toStdString() +
                               "\") is not valid: the first that fits was kept.");
        currentProgram_ = juce::jlimit(0, getNumPrograms() - 1, program);
    }
    embedIr_ = static_cast<bool>(state.getProperty(session::kEmbedIr, false));
    for (const auto& child : state)
        if (!child.hasType(parameters_.state.getType()) && !child.hasType("IrSource"))
            warnings.push_back("Unknown part \"" + child.getType().toString().toStdString() +
                               "\" of the saved state ignored.");

    const auto saved = state.getChildWithName(parameters_.state.getType());
    if (saved.isValid())
    {
        auto migrated = saved.createCopy();
        if (version < 3)
            for (auto param : migrated)
                if (const float index = param["value"];
                    param["id"].toString() == params::partitionSize.getParamID() && std::isfinite(index))
                    param.setProperty("value", params::migratePartitionIndex(index), nullptr);
        parameters_.replaceState(session::checkedParameters(migrated, parameters_, warnings));
    }

    const auto ir = state.getChildWithName("IrSource");
    if (ir.isValid())
        loader_.requestSource(session::readIrSource(ir, factory::kDefaultFactoryIrId, &warnings),
                              IrLoader::OnFailure::silence);
    loader_.requestEdits(reader_.irEdits());
    if (layout_)
        loader_.requestEngine(*layout_, engineSpec());
}

} // namespace faltung
