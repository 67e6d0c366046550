// SPDX-License-Identifier: GPL-3.0-or-later
// retryscope-agent: the monitor without a window, for servers and containers.
// It links only the core (Qt Core, Network, Sql), so it needs no graphical
// library installed and maps none while it runs; its command line is that of
// `retryscope --headless`, which it implies.
#include "app/commandline.h"
#include "app/faultservermode.h"
#include "app/headlessmode.h"
#include "app/replaymode.h"

int main(int argc, char **argv)
{
    const auto program = CommandLine::Program::Agent;
    const CommandLine commandLine = CommandLine::fromMain(argc, argv, program);
    if (const auto status = commandLine.answerWithoutRunning(program))
        return *status;
    if (commandLine.faultServerPort)
        return runFaultServer(argc, argv, *commandLine.faultServerPort);
    if (!commandLine.replay.input.isEmpty())
        return runReplay(argc, argv, commandLine);
    return runHeadless(argc, argv, commandLine);
}
