// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include <vector>

namespace faltung::test
{

// Full linear convolution in double precision: x.size() + h.size() - 1 samples.
// Direct summation for small problems, a double-precision FFTW convolution for
// large ones (its error, around 1e-15 of the peak, is far below what is tested).
std::vector<double> referenceConvolution(const std::vector<float>& x, const std::vector<float>& h);

// a += b, growing a as needed.
void accumulate(std::vector<double>& a, const std::vector<double>& b);

// The largest |actual[i + offset] - expected[i]| relative to the largest |expected|,
// in dB, over all of expected (actual is read as zero past its end). Samples of
// actual before offset must be zero, or they count as error against zero.
double errorDb(const std::vector<float>& actual, const std::vector<double>& expected, int offset);

} // namespace faltung::test
