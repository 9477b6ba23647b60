// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
//
// The sweep file faltung-capture writes: the signal to play (Sweep.h) as a 24-bit
// WAV that carries its own description in its LIST INFO comment (ICMT), so that a
// recording of it can be deconvolved with nothing but the file; and beside it, its
// inverse filter as a 32-bit float WAV, for other tools.
#pragma once

#include "Sweep.h"

#include <string>

namespace faltung
{

void writeSweepFile(const std::string& path, const SweepSpec& spec);
void writeInverseFilterFile(const std::string& path, const SweepSpec& spec);

// The description in a sweep file. Throws std::runtime_error naming the file when
// it cannot be read or is not a sweep faltung-capture wrote.
SweepSpec readSweepFile(const std::string& path);

} // namespace faltung
