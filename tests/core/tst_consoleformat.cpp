// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/console/consoleformat.h"

#include <QTest>
#include <QTimeZone>

using namespace std::chrono_literals;

namespace {

AttemptRecord record(const QString &endpoint, const QString &error)
{
    AttemptRecord r;
    r.timeUtc = QDateTime(QDate(2026, 11, 28), QTime(14, 50, 47, 123), QTimeZone::utc());
    r.endpoint = endpoint;
    r.cycle = 3;
    r.attempt = 2;
    r.outcome = AttemptOutcome::Retry;
    r.category = ErrorCategory::ConnectionRefused;
    r.latency = 4ms;
    r.delay = 250ms;
    r.breakerState = BreakerState::Closed;
    r.error = error;
    return r;
}

} // namespace

class TestConsoleFormat final : public QObject
{
    Q_OBJECT

private slots:
    void attemptLineLayout()
    {
        QCOMPARE(
            ConsoleFormat::attemptLine(record(QStringLiteral("api"), QStringLiteral("Connection refused"))),
            QStringLiteral("2026-11-28T14:50:47.123Z  api            #3.2 retry    connection_refused   -      4 ms"
                           "  wait 250 ms  [closed]  Connection refused"));
    }

    // The line was once built with chained QString::arg(): a "%3" in a name
    // was then filled in with the cycle number.
    void placeholdersInTextArePrintedAsWritten()
    {
        const QString line
            = ConsoleFormat::attemptLine(record(QStringLiteral("up %3 %5 100%"), QStringLiteral("bad %1 %2")));
        QVERIFY2(line.contains(QStringLiteral("  up %3 %5 100%  #3.2 ")), qPrintable(line));
        QVERIFY2(line.endsWith(QStringLiteral("  bad %1 %2")), qPrintable(line));
    }

    // One attempt, one line: text from outside cannot add lines.
    void controlCharactersAreEscaped()
    {
        const QString line = ConsoleFormat::attemptLine(
            record(QStringLiteral("a\nb"), QStringLiteral("server said \"x\"\r\n2026-01-01 forged line\x1b[31m")));
        QVERIFY(!line.contains(u'\n') && !line.contains(u'\r') && !line.contains(QChar(0x1b)));
        QVERIFY2(line.contains(QStringLiteral("a\\nb")), qPrintable(line));
        QVERIFY2(line.endsWith(QStringLiteral("\\r\\n2026-01-01 forged line\\x1b[31m")), qPrintable(line));

        BreakerTransition t;
        t.timeUtc = QDateTime(QDate(2026, 11, 28), QTime(14, 50, 47, 123), QTimeZone::utc());
        t.breaker = QStringLiteral("x\ny");
        t.from = BreakerState::Closed;
        t.to = BreakerState::Open;
        t.reason = QStringLiteral("manual\r\n");
        QCOMPARE(ConsoleFormat::transitionLine(t),
                 QStringLiteral("2026-11-28T14:50:47.123Z  BREAKER x\\ny: closed -> open (manual\\r\\n)"));
    }
};

QTEST_GUILESS_MAIN(TestConsoleFormat)
#include "tst_consoleformat.moc"
