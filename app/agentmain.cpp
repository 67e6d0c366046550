// SPDX-License-Identifier: GPL-3.0-or-later
// retryscope-agent: the monitor without a window, for servers and containers.
// It links only the core (Qt Core, Network, Sql), so it needs no graphical
// library installed and maps none while it runs; its command line is that of
// `retryscope --headless`, which it implies.
#include "app/commandline.h"
#include "app/faultservermode.h"
#include "app/headlessmode.h"

#include <QCoreApplication>
#include <QTextStream>

int main(int argc, char **argv)
{
    // The same name as the dashboard's: the same endpoints file, history and
    // settings folders, so that the two can take turns on one machine.
    QCoreApplication::setApplicationName(QStringLiteral("retryscope"));
    QCoreApplication::setApplicationVersion(QStringLiteral(RETRYSCOPE_VERSION));
    QCoreApplication::setOrganizationDomain(QStringLiteral("retryscope.github.io"));

    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    const auto program = CommandLine::Program::Agent;
    const CommandLine commandLine = CommandLine::parse(arguments, program);

    switch (commandLine.action) {
    case CommandLine::Action::Help:
    case CommandLine::Action::Version:
        QTextStream(stdout) << commandLine.message << (commandLine.message.endsWith(u'\n') ? "" : "\n");
        return 0;
    case CommandLine::Action::UsageError:
        QTextStream(stderr) << CommandLine::executableName(program) << ": " << commandLine.message << " (see --help)\n";
        return 2;
    case CommandLine::Action::Run: break;
    }
    if (commandLine.faultServerPort)
        return runFaultServer(argc, argv, *commandLine.faultServerPort);
    return runHeadless(argc, argv, commandLine);
}
