// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "IrPipeline.h"

namespace faltung
{

IrPipeline::IrPipeline(Options options)
    : options_(std::move(options))
{
}

PreparedIr IrPipeline::prepare(const IrSource& source, const IrEdits& edits,
                               std::optional<double> sessionRate)
{
    std::lock_guard lock(mutex_);
    if (!decoded_ || !(decoded_->requested == source))
    {
        auto loaded = loadIrSource(source, options_.irFolder, options_.limits);
        Decoded d{source,
                  std::move(loaded.source),
                  std::move(loaded.note),
                  std::make_shared<const ImpulseResponse>(std::move(loaded.ir)),
                  {}};
        if (options_.analyse)
            d.analysis = analyseImpulseResponse(d.ir->channels, d.ir->sampleRate);
        decoded_ = std::move(d);
        edited_.reset();
    }
    if (!edited_ || !(edited_->edits == edits))
    {
        Edited e{edits, std::make_shared<const ImpulseResponse>(applyEdits(*decoded_->ir, edits)), {}, {}};
        if (options_.analyse)
            e.analysis = analyseImpulseResponse(e.ir->channels, e.ir->sampleRate);
        edited_ = std::move(e);
    }

    PreparedIr prepared;
    prepared.requested = source;
    prepared.found = decoded_->found;
    prepared.name = source.displayName();
    prepared.note = decoded_->note;
    prepared.decoded = decoded_->ir;
    prepared.decodedAnalysis = decoded_->analysis;
    prepared.edited = edited_->ir;
    prepared.analysis = edited_->analysis;
    if (sessionRate)
    {
        auto& atRate = edited_->atRates[*sessionRate];
        if (atRate == nullptr)
            atRate = std::make_shared<const ImpulseResponse>(resampledTo(*edited_->ir, *sessionRate));
        prepared.atRate = atRate;
    }
    return prepared;
}

} // namespace faltung
