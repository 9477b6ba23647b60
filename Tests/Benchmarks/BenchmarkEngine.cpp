// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "BenchmarkEngine.h"

#include <algorithm>

namespace faltung::bench
{

namespace
{
// A function-local static, so that registration from other files' static
// initialisers works whatever order they run in.
std::vector<EngineKind>& registry()
{
    static std::vector<EngineKind> kinds;
    return kinds;
}
} // namespace

bool registerEngineKind(EngineKind kind)
{
    registry().push_back(std::move(kind));
    return true;
}

std::vector<EngineKind> engineKinds()
{
    auto kinds = registry();
    std::sort(kinds.begin(), kinds.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    return kinds;
}

} // namespace faltung::bench
