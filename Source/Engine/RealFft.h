// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include <functional>
#include <mutex>
#include <string>

// Forward declaration of FFTW's plan handle, so that users of this header do not
// need fftw3.h.
typedef struct fftwf_plan_s* fftwf_plan;

namespace faltung
{

// How hard FFTW looks for a fast plan. `measure` times candidate algorithms and
// takes up to a second for large sizes the first time in a process; after that the
// answer is remembered (FFTW "wisdom") and planning the same size again is instant.
enum class PlanRigor
{
    estimate,
    measure,
};

// FFTW's planner (and plan destruction) is not thread-safe; executing a plan is.
// Every planner call in Faltung holds this one mutex. It is never taken on the
// audio thread, since plans are only made in prepare() or on the loader thread.
std::mutex& fftwPlannerMutex();

// Loads and saves FFTW wisdom, so that a later process does not measure again.
// Both return false (and leave the planner as it was) when the file is missing or
// unreadable; neither throws.
bool importFftWisdom(const std::string& path);
bool exportFftWisdom(const std::string& path);

// A wisdom file shared by every Faltung process of the user, so that an FFT size
// measured once is never measured again (a 16384-point plan takes about a second
// to measure, and a long IR in multi-stage mode needs several sizes).
// useFftWisdomFile() imports the file the first time it is given that path;
// saveFftWisdom() writes it back, through a temporary file and a rename so that
// instances saving at once never leave it torn, when plans have been measured
// since. Not real-time; neither throws; a missing or unwritable file only means
// measuring again.
void useFftWisdomFile(const std::string& path);
void saveFftWisdom();

// Called before FFTW measures a size that its wisdom does not have (on the thread
// that plans, with the planner mutex held), so that a program can say why it takes
// a moment: measuring happens once per size and machine. Empty: no call.
void setFftMeasuringNotice(std::function<void(int size)> notice);

// A real-to-complex FFT of even size N and its inverse, with the spectrum in split
// form: numBins() = N/2 + 1 real parts in one array and as many imaginary parts in
// another. The split layout lets the spectral multiply-accumulate run as plain
// streams over floats.
//
// The inverse is unnormalised: inverse(forward(x)) == N * x. All arrays passed in
// must come from an AlignedBuffer (see AlignedBuffer.h).
//
// Construction and destruction plan and free under fftwPlannerMutex(); forward()
// and inverse() are real-time safe and may run on several threads at once.
class RealFft
{
public:
    RealFft(int size, PlanRigor rigor);
    ~RealFft();

    RealFft(const RealFft&) = delete;
    RealFft& operator=(const RealFft&) = delete;

    int size() const noexcept { return size_; }
    int numBins() const noexcept { return size_ / 2 + 1; }

    void forward(const float* in, float* re, float* im) const noexcept;

    // Destroys the contents of re and im (FFTW's complex-to-real transforms work in
    // place on their input).
    void inverse(float* re, float* im, float* out) const noexcept;

private:
    void destroyPlans() noexcept; // with fftwPlannerMutex() held

    int size_;
    fftwf_plan forwardPlan_ = nullptr;
    fftwf_plan inversePlan_ = nullptr;
};

} // namespace faltung
