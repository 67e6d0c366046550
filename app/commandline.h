// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHostAddress>
#include <QStringList>

#include <optional>

// The parsed command line (the command line in README.md). Parsed before any QCoreApplication or
// QApplication exists, so that --help, --version and usage errors work on a
// machine without a display.
struct CommandLine
{
    enum class Action { Run, Help, Version, UsageError };

    Action action = Action::Run;
    QString message; // the help text, or the usage error
    bool demo = false;
    bool headless = false;
    QString config; // --config FILE, empty for the default location
    QString csv; // --csv FILE
    QString transitionsCsv; // --transitions-csv FILE
    std::optional<double> durationSeconds;
    std::optional<quint16> faultServerPort; // --fault-server PORT
    std::optional<quint16> metricsPort; // --metrics-port PORT
    QHostAddress metricsAddress{QHostAddress::LocalHost}; // --metrics-address

    // Which program reads it: the dashboard (`retryscope`) or the agent
    // (`retryscope-agent`), which takes the same options, implies --headless
    // and accepts it, so that a script can switch between the two.
    enum class Program { Dashboard, Agent };

    [[nodiscard]] static CommandLine parse(const QStringList &arguments, Program program = Program::Dashboard);
    // The name --help and --version give.
    [[nodiscard]] static QString executableName(Program program);
};
