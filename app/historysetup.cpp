// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/historysetup.h"

#include <QStandardPaths>

QString setUpHistory(History &history, Monitor &monitor, const CommandLine &commandLine,
                     const QList<Endpoint> &endpoints, QString *note)
{
    // The demo keeps its own history, apart from real monitoring data.
    const QString path = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
        + (commandLine.demo ? QStringLiteral("/demo-history.sqlite") : QStringLiteral("/history.sqlite"));
    if (QString error = history.open(path); !error.isEmpty())
        return error;
    *note = QStringLiteral("history in %1").arg(path);
    QObject::connect(&monitor, &Monitor::attemptRecorded, &history, qOverload<const AttemptRecord &>(&History::add));
    QObject::connect(&monitor, &Monitor::transitioned, &history, qOverload<const BreakerTransition &>(&History::add));
    QObject::connect(&monitor, &Monitor::notBeforeSet, &history, &History::setNotBefore);
    // Restored for real services only: the demo's fault server is new on every
    // run, so an earlier demo's breaker states would describe nothing.
    if (!commandLine.demo)
        monitor.restore(history.loadState(), endpoints);
    return {};
}
