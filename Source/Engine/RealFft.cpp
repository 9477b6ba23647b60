// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "RealFft.h"

#include "AlignedBuffer.h"

#include <fftw3.h>
#include <stdexcept>

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
    forwardPlan_ = fftwf_plan_guru_split_dft_r2c(1, &dim, 0, nullptr, time.data(), re, im, flags);
    inversePlan_ = fftwf_plan_guru_split_dft_c2r(1, &dim, 0, nullptr, re, im, time.data(), flags);
    if (forwardPlan_ == nullptr || inversePlan_ == nullptr)
    {
        if (forwardPlan_ != nullptr)
            fftwf_destroy_plan(forwardPlan_);
        if (inversePlan_ != nullptr)
            fftwf_destroy_plan(inversePlan_);
        throw std::runtime_error("RealFft: FFTW could not make a plan of size " + std::to_string(size));
    }
}

RealFft::~RealFft()
{
    std::lock_guard lock(fftwPlannerMutex());
    fftwf_destroy_plan(forwardPlan_);
    fftwf_destroy_plan(inversePlan_);
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
