// SPDX-License-Identifier: GPL-3.0-or-later
// The composition root: reads the command line, then starts the window or the
// console mode. Nothing else lives here.
#include "app/commandline.h"
#include "app/faultservermode.h"
#include "app/guimode.h"
#include "app/headlessmode.h"

#include <QCoreApplication>
#include <QTextStream>

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
    QCoreApplication::setApplicationName(QStringLiteral("retryscope"));
    QCoreApplication::setApplicationVersion(QStringLiteral(RETRYSCOPE_VERSION));
    QCoreApplication::setOrganizationDomain(QStringLiteral("retryscope.github.io"));

    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    const CommandLine commandLine = CommandLine::parse(arguments);

    QTextStream out(stdout);
    QTextStream err(stderr);
    switch (commandLine.action) {
    case CommandLine::Action::Help:
    case CommandLine::Action::Version:
        out << commandLine.message << (commandLine.message.endsWith(u'\n') ? "" : "\n");
        return 0;
    case CommandLine::Action::UsageError: err << "retryscope: " << commandLine.message << " (see --help)\n"; return 2;
    case CommandLine::Action::Run: break;
    }

    if (commandLine.faultServerPort)
        return runFaultServer(argc, argv, *commandLine.faultServerPort);
    if (commandLine.headless || !haveDisplay())
        return runHeadless(argc, argv, commandLine);
    return runGui(argc, argv, commandLine);
}
