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

    // What #17 added: a slow call, the announced quota, a wait for it, and
    // the words of a failed check (a status alone does not say it).
    void slowQuotaAndChecks()
    {
        AttemptRecord slow = record(QStringLiteral("sluggish"), QString());
        slow.outcome = AttemptOutcome::Success;
        slow.category = ErrorCategory::Ok;
        slow.httpStatus = 200;
        slow.latency = 950ms;
        slow.delay.reset();
        slow.slow = true;
        QCOMPARE(
            ConsoleFormat::attemptLine(slow),
            QStringLiteral("2026-11-28T14:50:47.123Z  sluggish       #3.2 success  ok                 200    950 ms"
                           "  slow call  [closed]"));
        AttemptRecord paced = slow;
        paced.slow = false;
        paced.latency = 3ms;
        paced.rateLimitRemaining = 0;
        paced.rateLimitReset = 800ms;
        paced.delay = 850ms;
        QVERIFY2(ConsoleFormat::attemptLine(paced).endsWith(
                     QStringLiteral("  quota 0 left, resets in 800 ms  wait 850 ms for the quota  [closed]")),
                 qPrintable(ConsoleFormat::attemptLine(paced)));
        paced.delay = 250ms; // shorter than the reset: a backoff
        QVERIFY(ConsoleFormat::attemptLine(paced).endsWith(QStringLiteral("  wait 250 ms  [closed]")));
        AttemptRecord checked = slow;
        checked.slow = false;
        checked.outcome = AttemptOutcome::Failed;
        checked.category = ErrorCategory::AssertionFailed;
        checked.error = QStringLiteral("/status is \"degraded\", expected \"UP\"");
        QVERIFY2(ConsoleFormat::attemptLine(checked).endsWith(
                     QStringLiteral("[closed]  /status is \"degraded\", expected \"UP\"")),
                 qPrintable(ConsoleFormat::attemptLine(checked)));
    }

    // A status alone is not printed again in words, unless it may be the
    // proxy's: then the line says which proxy answered.
    void aProxysAnswerSaysSo()
    {
        AttemptRecord refused = record(QStringLiteral("api"), QStringLiteral("Host requires authentication"));
        refused.outcome = AttemptOutcome::Failed;
        refused.category = ErrorCategory::ClientError;
        refused.httpStatus = 401;
        QVERIFY2(ConsoleFormat::attemptLine(refused).endsWith(QStringLiteral("  [closed]")),
                 qPrintable(ConsoleFormat::attemptLine(refused)));
        refused.error += QStringLiteral(" (via proxy http://proxy.corp:3128)");
        QVERIFY2(ConsoleFormat::attemptLine(refused).endsWith(QStringLiteral("  [closed]")),
                 "the record, not the error's words, says whether a proxy was used");
        refused.proxy = QStringLiteral("http://proxy.corp:3128");
        QVERIFY2(ConsoleFormat::attemptLine(refused).endsWith(
                     QStringLiteral("[closed]  Host requires authentication (via proxy http://proxy.corp:3128)")),
                 qPrintable(ConsoleFormat::attemptLine(refused)));
    }

    void connectivityLines()
    {
        const QDateTime at(QDate(2026, 12, 5), QTime(9, 30), QTimeZone::utc());
        QCOMPARE(ConsoleFormat::connectivityLine(at, false,
                                                 QStringLiteral("the check http://gw/ failed: Connection\nrefused")),
                 QStringLiteral("2026-12-05T09:30:00.000Z  OFFLINE: the check http://gw/ failed: Connection\\nrefused; "
                                "no endpoint is polled and no breaker moves until the check passes again"));
        QCOMPARE(ConsoleFormat::lateWakeLine(at, 9400ms, 4),
                 QStringLiteral("2026-12-05T09:30:00.000Z  WOKE 9.4 s late (the process did not run: a suspend or a "
                                "stop); 4 overdue endpoints start spread over up to 2 s"));
        QCOMPARE(ConsoleFormat::connectivityLine(at, true, {}),
                 QStringLiteral("2026-12-05T09:30:00.000Z  ONLINE: the connectivity check passed; polling resumes, "
                                "the endpoints spread over up to 2 s"));
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
