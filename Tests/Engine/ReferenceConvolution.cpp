// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "ReferenceConvolution.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <fftw3.h>

namespace faltung::test
{

std::vector<double> referenceConvolution(const std::vector<float>& x, const std::vector<float>& h)
{
    if (x.empty() || h.empty())
        return {};
    const std::size_t n = x.size() + h.size() - 1;
    std::vector<double> y(n, 0.0);

    if (x.size() * h.size() <= 4'000'000)
    {
        for (std::size_t i = 0; i < x.size(); ++i)
            for (std::size_t k = 0; k < h.size(); ++k)
                y[i + k] += static_cast<double>(x[i]) * static_cast<double>(h[k]);
        return y;
    }

    std::size_t size = 1;
    while (size < n)
        size *= 2;
    const std::size_t bins = size / 2 + 1;
    std::vector<double> a(size, 0.0), b(size, 0.0);
    std::copy(x.begin(), x.end(), a.begin());
    std::copy(h.begin(), h.end(), b.begin());
    std::vector<std::complex<double>> A(bins), Bs(bins);

    auto* ca = reinterpret_cast<fftw_complex*>(A.data());
    auto* cb = reinterpret_cast<fftw_complex*>(Bs.data());
    fftw_plan pa = fftw_plan_dft_r2c_1d(static_cast<int>(size), a.data(), ca, FFTW_ESTIMATE);
    fftw_plan pb = fftw_plan_dft_r2c_1d(static_cast<int>(size), b.data(), cb, FFTW_ESTIMATE);
    fftw_plan inverse = fftw_plan_dft_c2r_1d(static_cast<int>(size), ca, a.data(), FFTW_ESTIMATE);
    fftw_execute(pa);
    fftw_execute(pb);
    for (std::size_t k = 0; k < bins; ++k)
        A[k] *= Bs[k] / static_cast<double>(size);
    fftw_execute(inverse);
    fftw_destroy_plan(pa);
    fftw_destroy_plan(pb);
    fftw_destroy_plan(inverse);

    std::copy(a.begin(), a.begin() + static_cast<std::ptrdiff_t>(n), y.begin());
    return y;
}

void accumulate(std::vector<double>& a, const std::vector<double>& b)
{
    if (a.size() < b.size())
        a.resize(b.size(), 0.0);
    for (std::size_t i = 0; i < b.size(); ++i)
        a[i] += b[i];
}

double errorDb(const std::vector<float>& actual, const std::vector<double>& expected, int offset)
{
    double peak = 0.0;
    for (double v : expected)
        peak = std::max(peak, std::abs(v));
    double worst = 0.0;
    for (int i = 0; i < offset && i < static_cast<int>(actual.size()); ++i)
        worst = std::max(worst, static_cast<double>(std::abs(actual[static_cast<std::size_t>(i)])));
    for (std::size_t i = 0; i < expected.size(); ++i)
    {
        const std::size_t j = i + static_cast<std::size_t>(offset);
        const double a = j < actual.size() ? actual[j] : 0.0;
        worst = std::max(worst, std::abs(a - expected[i]));
    }
    if (peak == 0.0)
        return worst == 0.0 ? -400.0 : 400.0;
    return 20.0 * std::log10(std::max(worst / peak, 1e-20));
}

} // namespace faltung::test
