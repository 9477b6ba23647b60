// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include "BatchPlan.h"
#include "OfflineRender.h"

#include <atomic>
#include <functional>
#include <string>

namespace faltung
{

class ProgressBar;

struct BatchOutcome
{
    int rendered = 0;
    int failed = 0;
    double audioSeconds = 0.0; // of the inputs rendered
    bool interrupted = false;  // by the cancel flag: files not started were left
};

// Renders a batch's files on `jobs` threads at once (each with its own
// OfflineRenderer, all sharing the IR pipeline, which prepares the IR once per
// sample rate). A file that fails
// does not stop the others: failed(message) gets one line naming it and the reason,
// on the calling thread. When cancel becomes true, renders stop within a block,
// their unfinished outputs are removed, and files not started are left.
BatchOutcome renderBatch(const std::vector<BatchPlan::Item>& items, IrPipeline& irs, const IrSource& ir,
                         const RenderSettings& settings, int jobs, const std::atomic<bool>& cancel,
                         ProgressBar& progress, const std::function<void(const std::string&)>& failed);

} // namespace faltung
