// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include "FactoryContent.h"

#include <string>
#include <vector>

namespace faltung::test
{

// Each factory IR and the demo, generated once per test run and shared by the tests
// (generating the whole library takes most of a second).
const factory::FactoryIr& generatedIr(const std::string& id);
const std::vector<std::vector<float>>& generatedDemo();

// sum(a * b) / sqrt(sum(a * a) * sum(b * b)) over [first, last).
double correlation(const std::vector<float>& a, const std::vector<float>& b, std::size_t first,
                   std::size_t last);

} // namespace faltung::test
