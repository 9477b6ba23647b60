// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

#include <string>

namespace faltung
{

// Where Faltung keeps what it remembers for the user, shared by the plugin, the
// Standalone app and faltung-render: $FALTUNG_SETTINGS_FOLDER when set, otherwise
// ~/.config/Faltung (Linux), ~/Library/Application Support/Faltung (macOS) or
// %APPDATA%\Faltung (Windows). The folder is not created here.
std::string settingsFolder();

// The folder where the user keeps IRs: $FALTUNG_IR_FOLDER, or
// ~/Documents/Faltung/Impulse Responses. A session's IR file that has moved is
// looked for in it (IrSource.h).
std::string irFolder();

// The FFTW wisdom every Faltung process shares (see useFftWisdomFile() in
// RealFft.h), in settingsFolder(), which is created if missing.
std::string fftWisdomFile();

} // namespace faltung
