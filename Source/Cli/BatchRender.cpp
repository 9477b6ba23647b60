// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "BatchRender.h"

#include "AudioFileIo.h"
#include "ProgressBar.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace faltung
{

namespace
{
constexpr auto kRedrawInterval = std::chrono::milliseconds(100);

// What the workers tell the calling thread, which alone prints.
class Board
{
public:
    void fail(std::string message)
    {
        {
            std::lock_guard lock(mutex_);
            messages_.push_back(std::move(message));
        }
        changed_.notify_one();
    }
    void finishWorker()
    {
        {
            std::lock_guard lock(mutex_);
            ++finishedWorkers_;
        }
        changed_.notify_one();
    }
    // Waits a moment or until something happened; takes the new messages.
    std::deque<std::string> wait(int numWorkers, bool& allFinished)
    {
        std::unique_lock lock(mutex_);
        changed_.wait_for(lock, kRedrawInterval,
                          [&] { return !messages_.empty() || finishedWorkers_ == numWorkers; });
        allFinished = finishedWorkers_ == numWorkers;
        return std::exchange(messages_, {});
    }

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<std::string> messages_;
    int finishedWorkers_ = 0;
};

// An input's length in seconds, from its header; 0 when it cannot be read (its
// render then says why).
double lengthSeconds(const std::string& path)
{
    try
    {
        AudioFileReader reader(path);
        return static_cast<double>(reader.length()) / reader.sampleRate();
    }
    catch (const std::exception&)
    {
        return 0.0;
    }
}
} // namespace

BatchOutcome renderBatch(const std::vector<BatchPlan::Item>& items, IrPipeline& irs, const IrSource& ir,
                         const RenderSettings& settings, int jobs, const std::atomic<bool>& cancel,
                         ProgressBar& progress, const std::function<void(const std::string&)>& failed)
{
    double totalSeconds = 0.0;
    for (const auto& item : items)
        totalSeconds += lengthSeconds(item.input);

    std::atomic<std::size_t> next{0};
    std::atomic<int> rendered{0}, failures{0};
    std::atomic<std::int64_t> doneMicroseconds{0};     // of input audio, over all files
    std::atomic<std::int64_t> renderedMicroseconds{0}; // of the files rendered
    Board board;

    const int numWorkers = std::clamp(jobs, 1, static_cast<int>(std::max<std::size_t>(items.size(), 1)));
    auto work = [&]
    {
        // With a file per core at once, the stages stay on each file's thread.
        OfflineRenderer renderer(irs, ir, settings,
                                 numWorkers > 1 ? OfflineRenderer::Stages::onRenderingThread
                                                : OfflineRenderer::Stages::parallel);
        for (std::size_t i; !cancel && (i = next++) < items.size();)
        {
            const auto& item = items[i];
            std::int64_t reported = 0; // of this file, in doneMicroseconds
            try
            {
                std::error_code ec;
                std::filesystem::create_directories(std::filesystem::path(item.output).parent_path(), ec);
                AudioFileReader input(item.input);
                const double seconds = static_cast<double>(input.length()) / input.sampleRate();
                renderer.render(
                    input, item.output,
                    [&](double fraction)
                    {
                        const auto now = static_cast<std::int64_t>(fraction * seconds * 1e6);
                        doneMicroseconds += now - reported;
                        reported = now;
                    },
                    &cancel);
                renderedMicroseconds += static_cast<std::int64_t>(seconds * 1e6);
                ++rendered;
            }
            catch (const RenderCancelled&)
            {
            }
            catch (const std::exception& e)
            {
                ++failures;
                board.fail(e.what());
            }
            catch (...)
            {
                ++failures;
                board.fail(item.input + ": failed");
            }
        }
        board.finishWorker();
    };

    std::vector<std::thread> workers;
    for (int w = 0; w < numWorkers; ++w)
        workers.emplace_back(work);

    for (bool allFinished = false; !allFinished;)
    {
        for (const auto& message : board.wait(numWorkers, allFinished))
        {
            progress.clear();
            failed(message);
        }
        progress.updateBatch(rendered + failures, static_cast<int>(items.size()),
                             static_cast<double>(doneMicroseconds.load()) * 1e-6, totalSeconds);
    }
    for (auto& w : workers)
        w.join();
    progress.finish();

    BatchOutcome outcome;
    outcome.rendered = rendered;
    outcome.failed = failures;
    outcome.audioSeconds = static_cast<double>(renderedMicroseconds.load()) * 1e-6;
    outcome.interrupted = cancel;
    return outcome;
}

} // namespace faltung
