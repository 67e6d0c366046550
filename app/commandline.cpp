// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/commandline.h"

#include "core/util/messagetext.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

#include <cmath>

namespace {

CommandLine usageError(const QString &message)
{
    CommandLine result;
    result.action = CommandLine::Action::UsageError;
    result.message = MessageText::oneLine(message); // it quotes what was typed
    return result;
}

} // namespace

QString CommandLine::executableName(Program program)
{
    return program == Program::Agent ? QStringLiteral("retryscope-agent") : QStringLiteral("retryscope");
}

CommandLine CommandLine::fromMain(int argc, char **argv, Program program)
{
    QCoreApplication::setApplicationName(QStringLiteral("retryscope"));
    QCoreApplication::setApplicationVersion(QStringLiteral(RETRYSCOPE_VERSION));
    QCoreApplication::setOrganizationDomain(QStringLiteral("retryscope.github.io"));
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    return parse(arguments, program);
}

std::optional<int> CommandLine::answerWithoutRunning(Program program) const
{
    switch (action) {
    case Action::Help:
    case Action::Version: QTextStream(stdout) << message << (message.endsWith(u'\n') ? "" : "\n"); return 0;
    case Action::UsageError:
        QTextStream(stderr) << executableName(program) << ": " << message << " (see --help)\n";
        return 2;
    case Action::Run: break;
    }
    return std::nullopt;
}

CommandLine CommandLine::parse(const QStringList &arguments, Program program)
{
    const bool agent = program == Program::Agent;
    QCommandLineParser parser;
    parser.setApplicationDescription(
        agent ? QStringLiteral("The Retryscope agent polls HTTP endpoints through a retrying client with circuit\n"
                               "breakers, without a window: one line per attempt and per breaker transition,\n"
                               "the history, CSV logs and Prometheus metrics. It needs no graphical libraries;\n"
                               "its options are those of retryscope --headless.")
              : QStringLiteral("Retryscope polls HTTP endpoints through a retrying client with circuit breakers\n"
                               "and shows every attempt, backoff delay, breaker transition and error category."));
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help and exit."));
    const QCommandLineOption version({QStringLiteral("v"), QStringLiteral("version")},
                                     QStringLiteral("Show the version and exit."));
    const QCommandLineOption config(QStringLiteral("config"),
                                    QStringLiteral("The endpoints file (default: endpoints.json in the app's config "
                                                   "folder; created with the demo endpoints on first start)."),
                                    QStringLiteral("file"));
    const QCommandLineOption demo(QStringLiteral("demo"),
                                  QStringLiteral("Start the built-in fault server on 127.0.0.1 and monitor its "
                                                 "demo endpoints; ignores --config."));
    const QCommandLineOption headless(
        QStringLiteral("headless"),
        agent ? QStringLiteral("Accepted and implied: the agent never opens a window.")
              : QStringLiteral("No window: run the monitor and print one line per attempt and per breaker "
                               "transition (as retryscope-agent does)."));
    const QCommandLineOption duration(QStringLiteral("duration"),
                                      QStringLiteral("Headless: stop after this many seconds, flushing everything."),
                                      QStringLiteral("seconds"));
    const QCommandLineOption csv(QStringLiteral("csv"),
                                 QStringLiteral("Append the attempt log to this CSV file as it happens."),
                                 QStringLiteral("file"));
    const QCommandLineOption transitionsCsv(QStringLiteral("transitions-csv"),
                                            QStringLiteral("Append breaker transitions to this CSV file."),
                                            QStringLiteral("file"));
    const QCommandLineOption faultServer(
        QStringLiteral("fault-server"),
        QStringLiteral("Only run the built-in fault server on 127.0.0.1:<port> (0 = any free port; the\n"
                       "chosen port is printed). Stops on SIGINT/SIGTERM."),
        QStringLiteral("port"));
    const QCommandLineOption metricsPort(
        QStringLiteral("metrics-port"),
        QStringLiteral("Serve Prometheus metrics at http://<address>:<port>/metrics, headless or\n"
                       "not (0 = any free port; the chosen one is printed)."),
        QStringLiteral("port"));
    const QCommandLineOption metricsAddress(
        QStringLiteral("metrics-address"),
        QStringLiteral("The IP address the metrics are served on (default "
                       "127.0.0.1; 0.0.0.0 for every IPv4 interface, :: for every IPv6 one)."),
        QStringLiteral("address"));
    const QCommandLineOption replay(QStringLiteral("replay"),
                                    QStringLiteral("Replay what FILE recorded (a history database or an attempts "
                                                   "CSV) through the endpoints' own policies and each --policy, "
                                                   "print the report and exit (docs/policy-lab.md)."),
                                    QStringLiteral("file"));
    const QCommandLineOption endpoint(QStringLiteral("endpoint"),
                                      QStringLiteral("With --replay: only this endpoint (repeatable; default all)."),
                                      QStringLiteral("name"));
    const QCommandLineOption policy(QStringLiteral("policy"),
                                    QStringLiteral("With --replay: a candidate policy, a JSON object of intervalMs, "
                                                   "timeoutMs, retry, budget and breaker (repeatable)."),
                                    QStringLiteral("file"));
    const QCommandLineOption from(QStringLiteral("from"),
                                  QStringLiteral("With --replay: only what was recorded from this moment (ISO 8601, "
                                                 "e.g. 2026-12-03T09:00:00Z; without an offset, local time)."),
                                  QStringLiteral("time"));
    const QCommandLineOption to(QStringLiteral("to"),
                                QStringLiteral("With --replay: only what was recorded before this moment (ISO 8601)."),
                                QStringLiteral("time"));
    const QCommandLineOption seed(QStringLiteral("seed"),
                                  QStringLiteral("With --replay: the seed of the replays' random draws (default 1)."),
                                  QStringLiteral("n"));
    const QCommandLineOption reportCsv(QStringLiteral("report-csv"),
                                       QStringLiteral("With --replay: also write the report as CSV to FILE."),
                                       QStringLiteral("file"));
    parser.addOptions({help, version, config, demo, headless, duration, csv, transitionsCsv, faultServer, metricsPort,
                       metricsAddress, replay, endpoint, policy, from, to, seed, reportCsv});

    if (!parser.parse(arguments)) {
        QString message = parser.errorText();
        if (message.endsWith(u'.'))
            message.chop(1);
        return usageError(message);
    }
    if (!parser.positionalArguments().isEmpty())
        return usageError(QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().constFirst()));

    CommandLine result;
    if (parser.isSet(help)) {
        result.action = Action::Help;
        // Without a QCoreApplication (deliberately: see the header) the
        // parser cannot know the program's name and writes a placeholder.
        result.message = parser.helpText().replace(QStringLiteral("<executable_name>"), executableName(program));
        return result;
    }
    if (parser.isSet(version)) {
        result.action = Action::Version;
        result.message = executableName(program) + QStringLiteral(" " RETRYSCOPE_VERSION);
        return result;
    }
    for (const auto &[option, target] :
         {std::pair{&faultServer, &result.faultServerPort}, std::pair{&metricsPort, &result.metricsPort}}) {
        if (!parser.isSet(*option))
            continue;
        bool ok = false;
        const QString text = parser.value(*option);
        const uint port = text.toUInt(&ok);
        if (!ok || port > 65535) {
            return usageError(
                QStringLiteral("--%1: port must be 0-65535 (got '%2')").arg(option->names().constFirst(), text));
        }
        *target = static_cast<quint16>(port);
    }
    if (parser.isSet(metricsAddress)) {
        const QString text = parser.value(metricsAddress);
        if (!parser.isSet(metricsPort))
            return usageError(QStringLiteral("--metrics-address: needs --metrics-port"));
        if (!result.metricsAddress.setAddress(text))
            return usageError(QStringLiteral("--metrics-address: '%1' is not an IP address").arg(text));
    }
    if (parser.isSet(duration)) {
        bool ok = false;
        const QString text = parser.value(duration);
        const double seconds = text.toDouble(&ok);
        if (!ok || !std::isfinite(seconds) || seconds <= 0 || seconds > 31536000)
            return usageError(
                QStringLiteral("--duration: must be a number of seconds above 0, at most a year (got '%1')").arg(text));
        result.durationSeconds = seconds;
    }
    if (!parser.isSet(replay)) {
        for (const QCommandLineOption *labOption : {&endpoint, &policy, &from, &to, &seed, &reportCsv}) {
            if (parser.isSet(*labOption))
                return usageError(QStringLiteral("--%1: needs --replay").arg(labOption->names().constFirst()));
        }
    }
    for (const auto &[option, target] :
         {std::pair{&from, &result.replay.fromUtc}, std::pair{&to, &result.replay.toUtc}}) {
        if (!parser.isSet(*option))
            continue;
        const QString text = parser.value(*option);
        *target = QDateTime::fromString(text, Qt::ISODateWithMs).toUTC();
        if (!target->isValid())
            return usageError(QStringLiteral("--%1: '%2' is not an ISO 8601 time (e.g. 2026-12-03T09:00:00Z)")
                                  .arg(option->names().constFirst(), text));
    }
    if (result.replay.fromUtc.isValid() && result.replay.toUtc.isValid()
        && result.replay.toUtc <= result.replay.fromUtc)
        return usageError(QStringLiteral("--to: must be after --from"));
    if (parser.isSet(seed)) {
        bool ok = false;
        const QString text = parser.value(seed);
        result.replay.seed = text.toULongLong(&ok);
        if (!ok)
            return usageError(QStringLiteral("--seed: must be a whole number from 0 (got '%1')").arg(text));
    }
    // Every value that names something must name it (repeatable ones each time).
    for (const QCommandLineOption *named : {&config, &csv, &transitionsCsv, &replay, &policy, &reportCsv, &endpoint}) {
        for (const QString &value : parser.values(*named)) {
            if (value.isEmpty())
                return usageError(QStringLiteral("--%1: needs a %2")
                                      .arg(named->names().constFirst(),
                                           named == &endpoint ? QStringLiteral("name") : QStringLiteral("file name")));
        }
    }
    if (parser.isSet(replay)) {
        for (const QCommandLineOption *live :
             {&demo, &headless, &duration, &csv, &transitionsCsv, &faultServer, &metricsPort}) {
            if (parser.isSet(*live))
                return usageError(QStringLiteral("--%1: not with --replay, which only reads and reports")
                                      .arg(live->names().constFirst()));
        }
    }
    result.replay.input = parser.value(replay);
    result.replay.endpoints = parser.values(endpoint);
    result.replay.policies = parser.values(policy);
    result.replay.reportCsv = parser.value(reportCsv);
    result.config = parser.value(config);
    result.csv = parser.value(csv);
    result.transitionsCsv = parser.value(transitionsCsv);
    result.demo = parser.isSet(demo);
    result.headless = agent || parser.isSet(headless);
    return result;
}
