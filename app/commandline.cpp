// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/commandline.h"

#include <QCommandLineParser>

CommandLine CommandLine::parse(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Retryscope polls HTTP endpoints through a retrying client with circuit breakers\n"
                       "and shows every attempt, backoff delay, breaker transition and error category."));
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help and exit."));
    const QCommandLineOption version({QStringLiteral("v"), QStringLiteral("version")},
                                     QStringLiteral("Show the version and exit."));
    const QCommandLineOption demo(QStringLiteral("demo"), QStringLiteral("Run the built-in demo."));
    const QCommandLineOption headless(QStringLiteral("headless"),
                                      QStringLiteral("No window: print to the console instead."));
    const QCommandLineOption faultServer(
        QStringLiteral("fault-server"),
        QStringLiteral("Only run the built-in fault server on 127.0.0.1:<port> (0 = any free port; the\n"
                       "chosen port is printed). Stops on SIGINT/SIGTERM."),
        QStringLiteral("port"));
    parser.addOptions({help, version, demo, headless, faultServer});

    CommandLine result;
    if (!parser.parse(arguments)) {
        result.action = Action::UsageError;
        result.message = parser.errorText();
        if (result.message.endsWith(u'.'))
            result.message.chop(1);
        return result;
    }
    if (!parser.positionalArguments().isEmpty()) {
        result.action = Action::UsageError;
        result.message = QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().constFirst());
        return result;
    }
    if (parser.isSet(help)) {
        result.action = Action::Help;
        // Without a QCoreApplication (deliberately: see the header) the
        // parser cannot know the program's name and writes a placeholder.
        result.message = parser.helpText().replace(QStringLiteral("<executable_name>"), QStringLiteral("retryscope"));
        return result;
    }
    if (parser.isSet(version)) {
        result.action = Action::Version;
        result.message = QStringLiteral("retryscope " RETRYSCOPE_VERSION);
        return result;
    }
    if (parser.isSet(faultServer)) {
        bool ok = false;
        const QString text = parser.value(faultServer);
        const uint port = text.toUInt(&ok);
        if (!ok || port > 65535) {
            result.action = Action::UsageError;
            result.message = QStringLiteral("--fault-server: port must be 0-65535 (got '%1')").arg(text);
            return result;
        }
        result.faultServerPort = static_cast<quint16>(port);
    }
    result.demo = parser.isSet(demo);
    result.headless = parser.isSet(headless);
    return result;
}
