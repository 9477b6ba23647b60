// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#pragma once

namespace faltung::test
{

// What a DAW does before it opens plugin windows on X11: an Xlib error handler that
// notes errors and goes on. Without one, Xlib's default handler ends the process at
// the first error, and JUCE installs its own only in JUCE applications, which these
// test programs are not. Under an X server without a window manager (CI's Xvfb),
// JUCE's windows do raise errors: they set window-manager properties whose atoms do
// not exist there (BadAtom), harmless. Idempotent.
void installHostXErrorHandler();

// X errors noted since the handler was installed.
int hostXErrorCount();

} // namespace faltung::test
