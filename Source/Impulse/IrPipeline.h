// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include "ImpulseResponse.h"
#include "IrAnalysis.h"
#include "IrEdits.h"
#include "IrSource.h"

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace faltung
{

// An IR on its way from its source to an engine, with what a user is shown of it.
struct PreparedIr
{
    IrSource requested; // as asked for
    IrSource found;     // where it was found: its path now, size, hash and relative path
    std::string name;   // for display: the file's name (or the pair's), the factory IR's name
    std::string note;   // how a moved or missing file was found (relinked, or the session's copy)
    std::shared_ptr<const ImpulseResponse> decoded; // as in the file: what a session embeds
    std::shared_ptr<const ImpulseResponse> edited;  // the edits applied, at the file's rate
    std::shared_ptr<const ImpulseResponse> atRate;  // edited and at the session's rate: what the engine takes
    IrAnalysis decodedAnalysis;                     // of decoded (when the pipeline analyses)
    IrAnalysis analysis;                            // of edited (when the pipeline analyses)
};

// The one way from an IR's source and its edits to the IR an engine takes, for the
// plugin, the editor and faltung-render alike: load the source (finding a moved
// file, or a session's copy, IrSource.h), apply the edits at the file's rate, then
// resample to the session's rate. Each stage's result is kept, so that asking again
// with only a later input changed redoes only the stages after it: new edits do not
// decode the file again, another rate does not edit again, and the same source,
// edits and rate (when only the engine's options changed) cost nothing. The results
// are shared, never copied: the same source and edits give the same objects.
//
// One call at a time (a lock); not real-time. Every call may throw what
// loadIrSource, applyEdits and resampledTo throw.
class IrPipeline
{
public:
    struct Options
    {
        std::string irFolder; // where moved files are looked for; empty: nowhere
        bool analyse = false; // the analyses are for showing (RT60 per octave: most of a
                              // short render's CPU); the renderer needs none
        IrLimits limits;
    };

    explicit IrPipeline(Options options);

    // sessionRate empty: the decoded and edited IR only (to show it before there is
    // a session).
    PreparedIr prepare(const IrSource& source, const IrEdits& edits, std::optional<double> sessionRate);

private:
    struct Decoded
    {
        IrSource requested;
        IrSource found;
        std::string note;
        std::shared_ptr<const ImpulseResponse> ir;
        IrAnalysis analysis;
    };
    struct Edited
    {
        IrEdits edits;
        std::shared_ptr<const ImpulseResponse> ir;
        IrAnalysis analysis;
        std::map<double, std::shared_ptr<const ImpulseResponse>> atRates;
    };

    Options options_;
    std::mutex mutex_;
    std::optional<Decoded> decoded_;
    std::optional<Edited> edited_; // of decoded_
};

} // namespace faltung
