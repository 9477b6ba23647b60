// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

namespace faltung
{

// Sets flush-to-zero and denormals-are-zero on the calling thread for its
// lifetime and restores the previous state after. Reverb tails decay towards
// denormal numbers, which are up to a hundred times slower on x86; every thread
// that runs the engine holds one of these while it does.
class ScopedFlushDenormals
{
public:
    ScopedFlushDenormals() noexcept;
    ~ScopedFlushDenormals();
    ScopedFlushDenormals(const ScopedFlushDenormals&) = delete;
    ScopedFlushDenormals& operator=(const ScopedFlushDenormals&) = delete;

private:
    unsigned long long previous_ = 0;
};

} // namespace faltung
