// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "GeneratedContent.h"

#include <cmath>
#include <map>

namespace faltung::test
{

const factory::FactoryIr& generatedIr(const std::string& id)
{
    static std::map<std::string, factory::FactoryIr> cache;
    auto it = cache.find(id);
    if (it == cache.end())
        it = cache.emplace(id, factory::generateFactoryIr(id)).first;
    return it->second;
}

const std::vector<std::vector<float>>& generatedDemo()
{
    static const auto demo = factory::generateDemoPhrase(factory::kFactorySampleRate);
    return demo;
}

double correlation(const std::vector<float>& a, const std::vector<float>& b, std::size_t first,
                   std::size_t last)
{
    double ab = 0.0, aa = 0.0, bb = 0.0;
    for (std::size_t n = first; n < last; ++n)
    {
        ab += static_cast<double>(a[n]) * b[n];
        aa += static_cast<double>(a[n]) * a[n];
        bb += static_cast<double>(b[n]) * b[n];
    }
    return ab / std::sqrt(aa * bb);
}

} // namespace faltung::test
