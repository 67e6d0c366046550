// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
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

    // The policy lab (docs/policy-lab.md): replay a recording and report.
    struct Replay
    {
        QString input; // --replay FILE: a history database or an attempts CSV; empty: no replay
        QStringList endpoints; // --endpoint NAME (repeatable); empty: all
        QStringList policies; // --policy FILE (repeatable)
        QDateTime fromUtc; // --from, invalid: from the start
        QDateTime toUtc; // --to, invalid: to the end
        quint64 seed = 1; // --seed N
        QString reportCsv; // --report-csv FILE
    };
    Replay replay;

    // Which program reads it: the dashboard (`retryscope`) or the agent
    // (`retryscope-agent`), which takes the same options, implies --headless
    // and accepts it, so that a script can switch between the two.
    enum class Program { Dashboard, Agent };

    [[nodiscard]] static CommandLine parse(const QStringList &arguments, Program program = Program::Dashboard);
    // The name --help and --version give.
    [[nodiscard]] static QString executableName(Program program);

    // What both programs do first: the application's name, version and domain
    // (the same for both, so that they share the endpoints file, history and
    // settings folders), then the command line from main()'s arguments.
    [[nodiscard]] static CommandLine fromMain(int argc, char **argv, Program program);
    // For --help, --version and a usage error: prints the answer and gives
    // the exit status (0, or 2); nothing when the program is to run.
    [[nodiscard]] std::optional<int> answerWithoutRunning(Program program) const;
};
