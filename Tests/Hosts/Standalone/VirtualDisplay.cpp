// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "AppUnderTest.h"

#include <X11/Xlib.h>

namespace faltung::test
{

VirtualDisplay::VirtualDisplay(const fs::path& log)
{
    int fds[2];
    if (pipe(fds) != 0)
        throw std::runtime_error("pipe failed");
    // -noreset: keep the atoms interned below when their client disconnects.
    server_ = std::make_unique<BackgroundProgram>(
        std::vector<std::string>{"Xvfb", "-displayfd", std::to_string(fds[1]), "-noreset", "-nolisten", "tcp",
                                 "-screen", "0", "1280x800x24"},
        std::vector<std::string>{}, log, std::vector<int>{fds[1]});
    close(fds[1]);
    std::string number;
    pollfd p{fds[0], POLLIN, 0};
    char c = 0;
    while (poll(&p, 1, 10000) == 1 && read(fds[0], &c, 1) == 1 && c != '\n')
        number += c;
    close(fds[0]);
    if (number.empty())
        throw std::runtime_error("Xvfb did not start (see " + log.string() + ")");
    name_ = ":" + number;

    display_ = XOpenDisplay(name_.c_str());
    if (display_ == nullptr)
        throw std::runtime_error("cannot connect to Xvfb on " + name_);
    // A bare X server has no window manager, so no WM_PROTOCOLS atoms; JUCE only
    // looks them up (it never creates them) and without them ignores
    // WM_DELETE_WINDOW. Intern them, as a window manager's start does.
    for (const char* atom : {"WM_PROTOCOLS", "WM_DELETE_WINDOW", "WM_TAKE_FOCUS", "_NET_WM_PING"})
        XInternAtom(display_, atom, False);
    XSync(display_, False);
}

VirtualDisplay::~VirtualDisplay()
{
    if (display_ != nullptr)
        XCloseDisplay(display_);
}

void VirtualDisplay::askToClose(const std::string& windowId)
{
    const auto window = static_cast<Window>(std::stoul(windowId));
    XEvent event{};
    event.xclient.type = ClientMessage;
    event.xclient.window = window;
    event.xclient.message_type = XInternAtom(display_, "WM_PROTOCOLS", False);
    event.xclient.format = 32;
    event.xclient.data.l[0] = static_cast<long>(XInternAtom(display_, "WM_DELETE_WINDOW", False));
    event.xclient.data.l[1] = CurrentTime;
    XSendEvent(display_, window, False, NoEventMask, &event);
    XSync(display_, False);
}

} // namespace faltung::test
