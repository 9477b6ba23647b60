// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "RealFft.h"

#include "AlignedBuffer.h"

#include <fftw3.h>

#include <cstdio>
#include <stdexcept>
#include <unistd.h>

namespace faltung
{

std::mutex& fftwPlannerMutex()
{
    static std::mutex mutex;
    return mutex;
}

bool importFftWisdom(const std::string& path)
{
    std::lock_guard lock(fftwPlannerMutex());
    return fftwf_import_wisdom_from_filename(path.c_str()) != 0;
}

bool exportFftWisdom(const std::string& path)
{
    std::lock_guard lock(fftwPlannerMutex());
    return fftwf_export_wisdom_to_filename(path.c_str()) != 0;
}

namespace
{
// Guarded by fftwPlannerMutex().
struct WisdomFile
{
    std::string path;
    bool measuredSinceSaved = false;
    std::function<void(int)> measuringNotice;
};

WisdomFile& wisdomFile()
{
    static WisdomFile file;
    return file;
}
} // namespace

void useFftWisdomFile(const std::string& path)
{
    std::lock_guard lock(fftwPlannerMutex());
    auto& file = wisdomFile();
    if (file.path == path)
        return;
    file.path = path;
    fftwf_import_wisdom_from_filename(path.c_str());
}

void setFftMeasuringNotice(std::function<void(int size)> notice)
{
    std::lock_guard lock(fftwPlannerMutex());
    wisdomFile().measuringNotice = std::move(notice);
}

void saveFftWisdom()
{
    std::lock_guard lock(fftwPlannerMutex());
    auto& file = wisdomFile();
    if (file.path.empty() || !file.measuredSinceSaved)
        return;
    // Merge what other processes saved meanwhile, then replace the file whole.
    fftwf_import_wisdom_from_filename(file.path.c_str());
    const std::string temporary = file.path + ".tmp" + std::to_string(::getpid());
    if (fftwf_export_wisdom_to_filename(temporary.c_str()) != 0 &&
        std::rename(temporary.c_str(), file.path.c_str()) == 0)
        file.measuredSinceSaved = false;
    else
        std::remove(temporary.c_str());
}

RealFft::RealFft(int size, PlanRigor rigor)
    : size_(size)
{
    if (size < 2 || size % 2 != 0)
        throw std::invalid_argument("RealFft: size must be even and at least 2");

    // Plan on scratch arrays: FFTW_MEASURE overwrites the arrays it plans with.
    const auto binStride = AlignedBuffer::roundUp(static_cast<std::size_t>(numBins()));
    AlignedBuffer time(static_cast<std::size_t>(size));
    AlignedBuffer spectrum(2 * binStride);
    float* re = spectrum.data();
    float* im = spectrum.data() + binStride;

    const unsigned flags = rigor == PlanRigor::measure ? FFTW_MEASURE : FFTW_ESTIMATE;
    fftwf_iodim dim{size, 1, 1};

    std::lock_guard lock(fftwPlannerMutex());
    auto plan = [&](unsigned planFlags)
    {
        forwardPlan_ = fftwf_plan_guru_split_dft_r2c(1, &dim, 0, nullptr, time.data(), re, im, planFlags);
        inversePlan_ = fftwf_plan_guru_split_dft_c2r(1, &dim, 0, nullptr, re, im, time.data(), planFlags);
    };
    if (rigor == PlanRigor::measure)
    {
        plan(flags | FFTW_WISDOM_ONLY); // free when this size was measured before
        if (forwardPlan_ == nullptr || inversePlan_ == nullptr)
        {
            destroyPlans();
            if (const auto& notice = wisdomFile().measuringNotice)
                notice(size);
            plan(flags);
            wisdomFile().measuredSinceSaved = true;
        }
    }
    else
        plan(flags);
    if (forwardPlan_ == nullptr || inversePlan_ == nullptr)
    {
        destroyPlans();
        throw std::runtime_error("RealFft: FFTW could not make a plan of size " + std::to_string(size));
    }
}

RealFft::~RealFft()
{
    std::lock_guard lock(fftwPlannerMutex());
    destroyPlans();
}

void RealFft::destroyPlans() noexcept
{
    if (forwardPlan_ != nullptr)
        fftwf_destroy_plan(forwardPlan_);
    if (inversePlan_ != nullptr)
        fftwf_destroy_plan(inversePlan_);
    forwardPlan_ = inversePlan_ = nullptr;
}

void RealFft::forward(const float* in, float* re, float* im) const noexcept
{
    fftwf_execute_split_dft_r2c(forwardPlan_, const_cast<float*>(in), re, im);
}

void RealFft::inverse(float* re, float* im, float* out) const noexcept
{
    fftwf_execute_split_dft_c2r(inversePlan_, re, im, out);
}

} // namespace faltung
