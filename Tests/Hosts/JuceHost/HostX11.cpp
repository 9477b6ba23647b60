// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "HostX11.h"

#include <X11/Xlib.h>

#include <atomic>
#include <cstdio>

namespace faltung::test
{

namespace
{
std::atomic<int> errors{0};

int noteError(Display* display, XErrorEvent* event)
{
    if (errors++ < 5)
    {
        char text[128] = {};
        XGetErrorText(display, event->error_code, text, sizeof text);
        std::fprintf(stderr, "test host: X error %s (request %d), ignored as a DAW would\n", text,
                     static_cast<int>(event->request_code));
    }
    return 0;
}
} // namespace

void installHostXErrorHandler()
{
    XSetErrorHandler(noteError);
}

int hostXErrorCount()
{
    return errors.load();
}

} // namespace faltung::test
