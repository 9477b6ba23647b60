// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "FaltungEditor.h"

#include "FactoryCatalog.h"
#include "FactoryPresets.h"
#include "Parameters.h"
#include "Theme.h"
#include "UserFolders.h"
#include "UserPresets.h"

namespace faltung
{

namespace
{
constexpr int kRefreshHz = 15;
const juce::String kAudioWildcard = "*.wav;*.wave;*.aif;*.aiff;*.flac;*.ogg";

bool isAudioFile(const juce::File& f)
{
    return f.hasFileExtension("wav;wave;aif;aiff;flac;ogg");
}

juce::String channelsText(int n)
{
    return n == 1 ? "mono" : n == 2 ? "stereo" : n == 4 ? "true stereo" : juce::String(n) + " channels";
}

juce::String secondsText(double s)
{
    return std::isfinite(s) ? juce::String(s, 2) + " s" : juce::String("n/a");
}
} // namespace

// A titled panel behind a group of controls.
class FaltungEditor::Panel : public juce::Component
{
public:
    explicit Panel(juce::String title)
        : title_(std::move(title))
    {
        setInterceptsMouseClicks(false, false);
    }
    void paint(juce::Graphics& g) override
    {
        g.setColour(theme::panel);
        g.fillRoundedRectangle(getLocalBounds().toFloat(), 6.0f);
        g.setColour(theme::textDim);
        g.setFont(theme::font(12.0f, true));
        g.drawText(title_, getLocalBounds().reduced(10, 6).removeFromTop(14),
                   juce::Justification::centredLeft);
    }

private:
    juce::String title_;
};

FaltungEditor::FaltungEditor(FaltungProcessor& owner)
    : AudioProcessorEditor(owner)
    , processor_(owner)
    , display_(owner.parameters())
    , reverbPanel_(std::make_unique<Panel>("REVERB"))
    , eqPanel_(std::make_unique<Panel>("WET EQ"))
    , duckPanel_(std::make_unique<Panel>("DUCKING"))
    , partsPanel_(std::make_unique<Panel>("EARLY / LATE"))
    , dampingPanel_(std::make_unique<Panel>("DAMPING"))
    , irPanel_(std::make_unique<Panel>("IMPULSE RESPONSE"))
    , eqCurve_(owner.parameters())
    , bypass_(owner.parameters(), params::spec::bypass)
{
    setLookAndFeel(&lookAndFeel_);
    setTitle("Faltung");
    content_.setFocusContainerType(juce::Component::FocusContainerType::keyboardFocusContainer);
    addAndMakeVisible(content_);

    // Where each control goes; what it says comes from the parameter's declaration.
    auto& state = owner.parameters();
    namespace spec = params::spec;
    for (const auto* p : {&spec::mix, &spec::dryLevel, &spec::wetLevel, &spec::predelay, &spec::lowCut,
                          &spec::highCut, &spec::width, &spec::outputGain})
        reverbKnobs_.push_back(std::make_unique<ParameterKnob>(state, *p));
    for (const auto* p : {&spec::eqLowGain, &spec::eqLowFrequency, &spec::eqBellGain, &spec::eqBellFrequency,
                          &spec::eqBellQ, &spec::eqHighGain, &spec::eqHighFrequency})
        eqKnobs_.push_back(std::make_unique<ParameterKnob>(state, *p));
    for (const auto* p : {&spec::duckAmount, &spec::duckThreshold, &spec::duckRelease})
        duckKnobs_.push_back(std::make_unique<ParameterKnob>(state, *p));
    for (const auto* p : {&spec::irSplit, &spec::irEarlyLevel, &spec::irLateLevel, &spec::irLatePredelay})
        partsKnobs_.push_back(std::make_unique<ParameterKnob>(state, *p));
    for (const auto* p : {&spec::irDampLow, &spec::irDampLowCrossover, &spec::irDampMid,
                          &spec::irDampHighCrossover, &spec::irDampHigh})
        dampingKnobs_.push_back(std::make_unique<ParameterKnob>(state, *p));
    for (const auto* p : {&spec::irTrimStart, &spec::irTrimEnd, &spec::irStretch, &spec::irDecay,
                          &spec::irAttack, &spec::irGain})
        irKnobs_.push_back(std::make_unique<ParameterKnob>(state, *p));
    for (const auto* p : {&spec::irReverse, &spec::irAutoTrim, &spec::irNormalise})
        toggles_.push_back(std::make_unique<ParameterToggle>(state, *p));
    for (const auto* p : {&spec::latencyMode, &spec::partitionSize, &spec::irTrueStereoOrder})
        choices_.push_back(std::make_unique<ParameterChoice>(state, *p));

    embedIr_.setButtonText("Embed IR");
    embedIr_.setTooltip(
        "Store a copy of the IR in the session (FLAC), so it plays where the file is missing");
    embedIr_.setTitle("Embed IR in session");
    embedIr_.setToggleState(owner.embedsIrInSession(), juce::dontSendNotification);
    embedIr_.onClick = [this] { processor_.setEmbedIrInSession(embedIr_.getToggleState()); };
    decibelView_.setTooltip("Show the waveform's level in dB (double-click the waveform to switch too)");
    decibelView_.onClick = [this] { display_.setDecibelView(decibelView_.getToggleState()); };

    info_.setFont(theme::font(13.0f));
    info_.setColour(juce::Label::textColourId, theme::textDim);
    info_.setTitle("IR info");

    for (auto* panel : {reverbPanel_.get(), eqPanel_.get(), duckPanel_.get(), partsPanel_.get(),
                        dampingPanel_.get(), irPanel_.get()})
        content_.addAndMakeVisible(*panel);
    content_.addAndMakeVisible(eqCurve_);
    for (juce::Component* c :
         {static_cast<juce::Component*>(&header_), static_cast<juce::Component*>(&display_),
          static_cast<juce::Component*>(&decay_), static_cast<juce::Component*>(&info_),
          static_cast<juce::Component*>(&decibelView_)})
        content_.addAndMakeVisible(*c);
    content_.addChildComponent(banner_);
    for (auto* list : allKnobLists())
        for (auto& k : *list)
            content_.addAndMakeVisible(*k);
    for (auto& t : toggles_)
        content_.addAndMakeVisible(*t);
    for (auto& c : choices_)
        content_.addAndMakeVisible(*c);
    content_.addAndMakeVisible(embedIr_);
    content_.addAndMakeVisible(bypass_);

    // Keyboard focus follows the reading order: header, then the rows of knobs from the top.
    int order = 1;
    for (auto* list : allKnobLists())
        for (auto& k : *list)
            k->slider().setExplicitFocusOrder(order++);
    for (auto& t : toggles_)
        t->button().setExplicitFocusOrder(order++);
    for (auto& c : choices_)
        c->comboBox().setExplicitFocusOrder(order++);
    embedIr_.setExplicitFocusOrder(order++);

    header_.onIrMenu = [this] { showIrMenu(); };
    header_.onPreviousIr = [this] { stepIr(-1); };
    header_.onNextIr = [this] { stepIr(1); };
    header_.onLoadFile = [this] { chooseFile(false); };
    header_.onPresetMenu = [this] { showPresetMenu(); };
    header_.onSavePreset = [this] { savePreset(); };
    header_.onAbSlot = [this](int slot)
    {
        processor_.selectAbSlot(slot);
        header_.setAbSlot(processor_.abSlot());
    };
    header_.onCopyAb = [this] { processor_.copyCurrentToOtherAbSlot(); };
    banner_.onAction = [this] { chooseFile(true); };
    banner_.onDismiss = [this] { dismissed_ = shownError_.isNotEmpty() ? shownError_ : shownNote_; };

    presetName_ = owner.getProgramName(owner.getCurrentProgram());
    header_.setAbSlot(owner.abSlot());

    decibelView_.setToggleState(display_.isDecibelView(), juce::dontSendNotification);
    sendLookAndFeelChange(); // the controls made their parts before they had a parent with this look

    setResizable(true, true);
    setResizeLimits(kMinWidth, kMinWidth * kDesignHeight / kDesignWidth, kMaxWidth,
                    kMaxWidth * kDesignHeight / kDesignWidth);
    getConstrainer()->setFixedAspectRatio(static_cast<double>(kDesignWidth) / kDesignHeight);
    // The design size, or smaller where the screen is: the editor scales as a whole.
    int width = kDesignWidth;
    if (const auto* display = juce::Desktop::getInstance().getDisplays().getPrimaryDisplay())
        width = juce::jlimit(
            kMinWidth, kDesignWidth,
            static_cast<int>(0.9 * display->userArea.getHeight() * kDesignWidth / kDesignHeight));
    setSize(width, width * kDesignHeight / kDesignWidth);
    timerCallback();
    startTimerHz(kRefreshHz);
}

FaltungEditor::~FaltungEditor()
{
    stopTimer();
    setLookAndFeel(nullptr);
}

void FaltungEditor::paint(juce::Graphics& g)
{
    g.fillAll(theme::background);
}

void FaltungEditor::paintOverChildren(juce::Graphics& g)
{
    if (dragHovering_)
    {
        g.setColour(theme::accent.withAlpha(0.12f));
        g.fillRect(getLocalBounds());
        g.setColour(theme::accent);
        g.drawRect(getLocalBounds(), 3);
    }
}

void FaltungEditor::resized()
{
    content_.setBounds(0, 0, kDesignWidth, kDesignHeight);
    content_.setTransform(juce::AffineTransform::scale(static_cast<float>(getWidth()) / kDesignWidth));
    layOut();
}

void FaltungEditor::layOut()
{
    auto area = juce::Rectangle<int>(kDesignWidth, kDesignHeight);
    header_.setBounds(area.removeFromTop(48));
    bypass_.setBounds(header_.getBounds().withLeft(742).withWidth(86).reduced(0, 13));
    area.reduce(12, 8);

    auto bottom = area.removeFromBottom(578);
    auto top = area;
    if (banner_.isVisible())
    {
        banner_.setBounds(top.removeFromTop(34));
        top.removeFromTop(6);
    }
    auto infoRow = top.removeFromBottom(22);
    decibelView_.setBounds(infoRow.removeFromRight(84));
    info_.setBounds(infoRow);
    top.removeFromBottom(2);
    decay_.setBounds(top.removeFromRight(330));
    top.removeFromRight(10);
    display_.setBounds(top);

    bottom.removeFromTop(8);
    const int reverbWidth = (bottom.getWidth() - 16) / static_cast<int>(reverbKnobs_.size());
    placePanel(*reverbPanel_, bottom.removeFromTop(136), reverbKnobs_, reverbWidth, 4);

    // The EQ (its knobs, then its curve) and the ducking, side by side, knobs as wide
    // as each other.
    bottom.removeFromTop(8);
    auto shapingArea = bottom.removeFromTop(136);
    const int shapingKnobWidth = 78;
    const auto eqArea =
        shapingArea.removeFromLeft(shapingKnobWidth * static_cast<int>(eqKnobs_.size()) + 176);
    shapingArea.removeFromLeft(8);
    const auto curveArea = placePanel(*eqPanel_, eqArea, eqKnobs_, shapingKnobWidth, 3);
    eqCurve_.setBounds(curveArea.withTrimmedLeft(6).reduced(0, 6));
    placePanel(*duckPanel_, shapingArea, duckKnobs_,
               (shapingArea.getWidth() - 16) / static_cast<int>(duckKnobs_.size()), 3);

    // The early and late parts and damping, side by side, knobs as wide as each other.
    bottom.removeFromTop(8);
    auto roomArea = bottom.removeFromTop(136);
    const int roomKnobWidth =
        (roomArea.getWidth() - 8 - 32) / static_cast<int>(partsKnobs_.size() + dampingKnobs_.size());
    const auto partsArea = roomArea.removeFromLeft(roomKnobWidth * static_cast<int>(partsKnobs_.size()) + 16);
    roomArea.removeFromLeft(8);
    placePanel(*partsPanel_, partsArea, partsKnobs_, roomKnobWidth, 3);
    placePanel(*dampingPanel_, roomArea, dampingKnobs_, roomKnobWidth, 3);

    bottom.removeFromTop(8);
    auto irArea = placePanel(*irPanel_, bottom, irKnobs_, reverbWidth, 4);
    irArea.removeFromLeft(6);
    auto switches = irArea.removeFromLeft(112);
    for (auto& t : toggles_)
        t->setBounds(switches.removeFromTop(22));
    embedIr_.setBounds(switches.removeFromTop(22));
    irArea.removeFromLeft(4);
    for (auto& c : choices_)
        c->setBounds(irArea.removeFromTop(37));
}

juce::Rectangle<int> FaltungEditor::placePanel(Panel& panel, juce::Rectangle<int> area, KnobRow& knobs,
                                               int knobWidth, int gap)
{
    panel.setBounds(area);
    area.removeFromTop(20); // the title
    area.reduce(8, 4);
    for (auto& k : knobs)
        k->setBounds(area.removeFromLeft(knobWidth).reduced(gap, 0));
    return area;
}

juce::Slider* FaltungEditor::knob(const juce::String& parameterId)
{
    for (auto* list : allKnobLists())
        for (auto& k : *list)
            if (k->parameterId() == parameterId)
                return &k->slider();
    return nullptr;
}

void FaltungEditor::timerCallback()
{
    const auto info = processor_.loadedImpulseResponse();
    if (info.edited.get() != shownIr_)
        showIr(info);
    display_.setLoading(processor_.isLoadingImpulseResponse());
    display_.repaint(); // the edit handles follow automation
    eqCurve_.refresh();
    showMessages();

    const double rate = processor_.getSampleRate();
    const int latency = processor_.getLatencySamples();
    header_.setReadouts(rate > 0 ? 1000.0 * latency / rate : 0.0, latency, processor_.cpuLoad());
    header_.setAbSlot(processor_.abSlot());
    header_.setPresetName(presetName_.isNotEmpty() ? presetName_ : juce::String("Preset"));
    if (embedIr_.getToggleState() != processor_.embedsIrInSession())
        embedIr_.setToggleState(processor_.embedsIrInSession(), juce::dontSendNotification);
}

void FaltungEditor::showIr(const PreparedIr& info)
{
    shownIr_ = info.edited.get();
    display_.setImpulseResponse(info.decoded, info.decodedAnalysis);
    decay_.setAnalysis(info.analysis, info.decodedAnalysis, info.edited != nullptr);
    const auto name = juce::String::fromUTF8(info.name.c_str());
    header_.setIrName(name.isEmpty() ? juce::String("No IR") : name);
    if (info.edited == nullptr || info.decoded == nullptr)
    {
        info_.setText("No impulse response", juce::dontSendNotification);
        return;
    }
    const auto& file = *info.decoded;
    juce::String text = name + "  |  " + channelsText(file.numChannels()) + "  |  " +
                        secondsText(file.seconds()) + "  |  " + juce::String(file.sampleRate / 1000.0, 1) +
                        " kHz " + juce::String::fromUTF8(file.format.c_str()) + "  |  RT60 " +
                        secondsText(info.analysis.rt60Seconds) + "  |  plays " +
                        secondsText(info.analysis.lengthSeconds);
    info_.setText(text, juce::dontSendNotification);
    info_.setTooltip(text);
    display_.setDescription("Impulse response: " + text);
}

void FaltungEditor::showMessages()
{
    const auto error = juce::String::fromUTF8(processor_.impulseResponseError().c_str());
    const auto note = juce::String::fromUTF8(processor_.loadedImpulseResponse().note.c_str());
    if (error == shownError_ && note == shownNote_)
        return;
    shownError_ = error;
    shownNote_ = note;
    const bool wasVisible = banner_.isVisible();
    if (error.isNotEmpty() && error != dismissed_)
    {
        const bool missing = processor_.impulseResponseFileMissing();
        const auto playing = juce::String::fromUTF8(processor_.loadedImpulseResponse().name.c_str());
        banner_.show(MessageBanner::Kind::error,
                     error + (missing                ? juce::String()
                              : playing.isNotEmpty() ? "  -  still playing " + playing
                                                     : ""),
                     missing ? "Relink..." : "");
    }
    else if (note.isNotEmpty() && note != dismissed_)
        banner_.show(MessageBanner::Kind::note, note);
    else
        banner_.clear();
    if (wasVisible != banner_.isVisible())
        layOut();
}

void FaltungEditor::showIrMenu()
{
    juce::PopupMenu menu;
    const auto current = processor_.requestedImpulseResponse();
    menu.addSectionHeader("Factory IRs");
    const auto& catalog = factory::factoryIrCatalog();
    for (std::size_t i = 0; i < catalog.size(); ++i)
    {
        const bool ticked = current.kind == IrSource::Kind::factory && current.factoryId == catalog[i].id;
        menu.addItem(static_cast<int>(i) + 1, catalog[i].name, true, ticked);
    }
    const auto recent = settings_.recentIrs();
    if (!recent.empty())
    {
        menu.addSectionHeader("Recent files");
        for (std::size_t i = 0; i < recent.size(); ++i)
        {
            const juce::File file(juce::String::fromUTF8(recent[i].c_str()));
            menu.addItem(1000 + static_cast<int>(i), file.getFileName(), file.existsAsFile(),
                         current.kind == IrSource::Kind::file && current.file.path == recent[i]);
        }
    }
    menu.addSeparator();
    menu.addItem(2000, "Load file...");
    if (!recent.empty())
        menu.addItem(2001, "Clear recent files");

    menu.showMenuAsync(
        juce::PopupMenu::Options().withTargetComponent(&header_.irMenuButton()),
        [this, recent](int result)
        {
            const auto& irs = factory::factoryIrCatalog();
            if (result >= 1 && result <= static_cast<int>(irs.size()))
                processor_.loadImpulseResponse(
                    IrSource::factory(irs[static_cast<std::size_t>(result - 1)].id));
            else if (result >= 1000 && result < 1000 + static_cast<int>(recent.size()))
                loadFiles({juce::String::fromUTF8(recent[static_cast<std::size_t>(result - 1000)].c_str())});
            else if (result == 2000)
                chooseFile(false);
            else if (result == 2001)
                settings_.clearRecentIrs();
        });
}

void FaltungEditor::stepIr(int direction)
{
    const auto current = processor_.requestedImpulseResponse();
    if (current.kind == IrSource::Kind::factory)
    {
        const auto& catalog = factory::factoryIrCatalog();
        const auto n = static_cast<int>(catalog.size());
        int index = 0;
        for (int i = 0; i < n; ++i)
            if (catalog[static_cast<std::size_t>(i)].id == current.factoryId)
                index = i;
        processor_.loadImpulseResponse(
            IrSource::factory(catalog[static_cast<std::size_t>((index + direction + n) % n)].id));
        return;
    }
    // Files: the neighbours in the same folder, skipping the other half of a pair.
    const juce::File file(juce::String::fromUTF8(current.file.path.c_str()));
    juce::Array<juce::File> siblings;
    for (const auto& entry : juce::RangedDirectoryIterator(file.getParentDirectory(), false, kAudioWildcard))
        if (current.rightFile.path.empty() ||
            entry.getFile().getFullPathName().toStdString() != current.rightFile.path)
            siblings.add(entry.getFile());
    if (siblings.isEmpty())
        return;
    siblings.sort();
    const int index = juce::jmax(0, siblings.indexOf(file));
    loadFiles({siblings[(index + direction + siblings.size()) % siblings.size()].getFullPathName()});
}

void FaltungEditor::chooseFile(bool relinking)
{
    const auto current = processor_.requestedImpulseResponse();
    auto start = juce::File(juce::String::fromUTF8(irFolder().c_str()));
    if (current.kind == IrSource::Kind::file)
        start = juce::File(juce::String::fromUTF8(current.file.path.c_str())).getParentDirectory();
    chooser_ = std::make_unique<juce::FileChooser>(
        relinking ? "Find the missing impulse response" : "Load an impulse response", start, kAudioWildcard);
    auto chooserFlags = juce::FileBrowserComponent::openMode | juce::FileBrowserComponent::canSelectFiles;
    if (!relinking)
        chooserFlags |= juce::FileBrowserComponent::canSelectMultipleItems;
    chooser_->launchAsync(chooserFlags,
                          [this](const juce::FileChooser& chooser)
                          {
                              juce::StringArray paths;
                              for (const auto& f : chooser.getResults())
                                  paths.add(f.getFullPathName());
                              if (!paths.isEmpty())
                                  loadFiles(paths);
                          });
}

bool FaltungEditor::isInterestedInFileDrag(const juce::StringArray& files)
{
    for (const auto& f : files)
        if (!isAudioFile(juce::File(f)))
            return false;
    return files.size() == 1 || files.size() == 2;
}

void FaltungEditor::fileDragEnter(const juce::StringArray&, int, int)
{
    dragHovering_ = true;
    repaint();
}

void FaltungEditor::fileDragExit(const juce::StringArray&)
{
    dragHovering_ = false;
    repaint();
}

void FaltungEditor::filesDropped(const juce::StringArray& files, int, int)
{
    dragHovering_ = false;
    repaint();
    loadFiles(files);
}

void FaltungEditor::loadFiles(const juce::StringArray& files)
{
    if (files.isEmpty())
        return;
    dismissed_.clear();
    std::vector<std::string> paths;
    for (const auto& f : files)
        paths.push_back(f.toStdString());
    const auto source = IrSource::fromChosenFiles(paths);
    processor_.loadImpulseResponse(source);
    settings_.addRecentIr(source.file.path);
    presetName_.clear();
}

void FaltungEditor::showPresetMenu()
{
    juce::PopupMenu menu;
    menu.addSectionHeader("Factory presets");
    const auto& factory = factoryPresets();
    for (std::size_t i = 0; i < factory.size(); ++i)
        menu.addItem(static_cast<int>(i) + 1, factory[i].name);
    const auto user = presets::list();
    menu.addSectionHeader("Your presets");
    if (user.empty())
        menu.addItem(-1, "(none yet: Save makes one)", false);
    for (std::size_t i = 0; i < user.size(); ++i)
        menu.addItem(1000 + static_cast<int>(i), user[i].getFileNameWithoutExtension());
    menu.showMenuAsync(juce::PopupMenu::Options().withTargetComponent(&header_),
                       [this, user](int result)
                       {
                           if (result >= 1 && result <= static_cast<int>(factoryPresets().size()))
                           {
                               processor_.setCurrentProgram(result - 1);
                               presetName_ = processor_.getProgramName(result - 1);
                           }
                           else if (result >= 1000 && result < 1000 + static_cast<int>(user.size()))
                           {
                               juce::String error;
                               const auto& file = user[static_cast<std::size_t>(result - 1000)];
                               if (presets::load(processor_, file, error))
                                   presetName_ = file.getFileNameWithoutExtension();
                               else
                                   banner_.show(MessageBanner::Kind::error, error);
                           }
                       });
}

void FaltungEditor::savePreset()
{
    auto* window = new juce::AlertWindow("Save preset", "Save every setting and the IR as a preset named:",
                                         juce::MessageBoxIconType::NoIcon, this);
    window->setLookAndFeel(&lookAndFeel_);
    window->addTextEditor("name", presetName_.isNotEmpty() ? presetName_ : juce::String("My preset"));
    window->addButton("Save", 1, juce::KeyPress(juce::KeyPress::returnKey));
    window->addButton("Cancel", 0, juce::KeyPress(juce::KeyPress::escapeKey));
    juce::Component::SafePointer<FaltungEditor> self(this);
    window->enterModalState(true,
                            juce::ModalCallbackFunction::create(
                                [self, window](int result)
                                {
                                    if (self == nullptr || result != 1)
                                        return;
                                    juce::String error;
                                    const auto name = window->getTextEditorContents("name");
                                    if (presets::save(self->processor_, name, error).existsAsFile())
                                        self->presetName_ = juce::File::createLegalFileName(name.trim());
                                    else
                                        self->banner_.show(MessageBanner::Kind::error, error);
                                }),
                            true);
}

} // namespace faltung
