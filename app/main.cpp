// SPDX-License-Identifier: GPL-3.0-or-later
// The composition root: reads the command line, then starts the window or the
// console mode. Nothing else lives here.
#include "app/commandline.h"
#include "app/faultservermode.h"
#include "app/guimode.h"
#include "app/headlessmode.h"
#include "app/replaymode.h"

namespace {

// True when a window can be shown: a display server is reachable, or a Qt
// platform was chosen explicitly (offscreen in tests, for instance).
bool haveDisplay()
{
    return qEnvironmentVariableIsSet("DISPLAY") || qEnvironmentVariableIsSet("WAYLAND_DISPLAY")
        || qEnvironmentVariableIsSet("QT_QPA_PLATFORM");
}

} // namespace

int main(int argc, char **argv)
{
    const auto program = CommandLine::Program::Dashboard;
    const CommandLine commandLine = CommandLine::fromMain(argc, argv, program);
    if (const auto status = commandLine.answerWithoutRunning(program))
        return *status;
    if (commandLine.faultServerPort)
        return runFaultServer(argc, argv, *commandLine.faultServerPort);
    if (!commandLine.replay.input.isEmpty())
        return runReplay(argc, argv, commandLine);
    if (commandLine.headless || !haveDisplay())
        return runHeadless(argc, argv, commandLine);
    return runGui(argc, argv, commandLine);
}
