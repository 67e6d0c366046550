// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/commandline.h"

#include <QCommandLineParser>

CommandLine CommandLine::parse(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Retryscope polls HTTP endpoints through a retrying client with circuit breakers\n"
        "and shows every attempt, backoff delay, breaker transition and error category."));
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help and exit."));
    const QCommandLineOption version({QStringLiteral("v"), QStringLiteral("version")},
                                     QStringLiteral("Show the version and exit."));
    const QCommandLineOption demo(QStringLiteral("demo"), QStringLiteral("Run the built-in demo."));
    const QCommandLineOption headless(QStringLiteral("headless"),
                                      QStringLiteral("No window: print to the console instead."));
    parser.addOptions({help, version, demo, headless});

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
    result.demo = parser.isSet(demo);
    result.headless = parser.isSet(headless);
    return result;
}
