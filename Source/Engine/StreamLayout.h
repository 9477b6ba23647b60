// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

namespace faltung
{

// The stream an engine plays in, as the host or the renderer sets it up: what the
// processor's buffers and an engine's routing are built for.
struct StreamLayout
{
    double sampleRate = 48000.0;
    int maxBlockSize = 512; // the most samples one process call brings
    int numInputs = 2;      // 1 or 2
    int numOutputs = 2;     // 1 or 2, at least numInputs

    bool operator==(const StreamLayout&) const = default;
};

} // namespace faltung
