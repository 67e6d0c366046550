// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/config/policylint.h"
#include "core/util/durationtext.h"

#include <QTest>

using namespace std::chrono_literals;

namespace {

Endpoint endpoint()
{
    Endpoint e;
    e.name = QStringLiteral("api");
    e.url = QUrl(QStringLiteral("http://127.0.0.1/"));
    e.timeout = 2s; // the default 10 s timeout over the default 5 s interval is itself a warning
    return e;
}

bool mentions(const QStringList &warnings, const char *text)
{
    return std::any_of(warnings.begin(), warnings.end(),
                       [text](const QString &w) { return w.contains(QString::fromUtf8(text)); });
}

} // namespace

class TestPolicyLint final : public QObject
{
    Q_OBJECT

private slots:
    void defaultsAreClean()
    {
        QCOMPARE(lintEndpoint(endpoint()), QStringList());
        Endpoint specDefaults;
        QCOMPARE(lintEndpoint(specDefaults),
                 QStringList{QStringLiteral("The timeout (10 s) is longer than the interval (5 s): while the server "
                                            "hangs, polls come further apart than the interval.")});
    }

    void worstCaseCycleByHand()
    {
        Endpoint e = endpoint();
        e.timeout = 2s;
        e.retry.maxAttempts = 3;
        e.retry.initialDelay = 1s;
        e.retry.jitter = JitterMode::Full; // band [0, e]: 1 s then 2 s
        // 3 x 2 s of attempts + 1 s + 2 s of waits.
        QCOMPARE(worstCaseCycle(e).worst, 9s);
        QCOMPARE(worstCaseCycle(e).attempts, 3);
        // Retry-After up to 60 s instead of each wait.
        QCOMPARE(worstCaseCycle(e).worstWithRetryAfter, 6s + 120s);
        e.retry.deadline = 4s; // a retry may start just before it and run 2 s
        QCOMPARE(worstCaseCycle(e).worst, 6s);
        e.method = "POST"; // not retried at all
        QCOMPARE(worstCaseCycle(e).attempts, 1);
        QCOMPARE(worstCaseCycle(e).worst, 2s);
        e.idempotencyKey = true;
        QCOMPARE(worstCaseCycle(e).attempts, 3);
    }

    void eachWarning()
    {
        Endpoint e = endpoint();
        e.retry.retryOnStatus = {401, 503, 404};
        QVERIFY(mentions(lintEndpoint(e), "Retries on 401, 404:"));

        e = endpoint();
        e.method = "POST";
        e.retry.retryNonIdempotent = true;
        QVERIFY(mentions(lintEndpoint(e), "Retries POST without an Idempotency-Key"));
        e.idempotencyKey = true;
        QCOMPARE(lintEndpoint(e), QStringList());

        e = endpoint();
        e.retry.jitter = JitterMode::None;
        QVERIFY(mentions(lintEndpoint(e), "Jitter is off"));
        e.retry.maxAttempts = 1; // never retries: jitter is moot
        QCOMPARE(lintEndpoint(e), QStringList());

        e = endpoint();
        e.retry.deadline = 60s; // 5 x 30 s = 150 s
        QVERIFY(mentions(lintEndpoint(e), "maxAttempts × maxDelay (2 min 30 s) is beyond the deadline (1 min)"));
        e.retry.deadline = 150s;
        QCOMPARE(lintEndpoint(e), QStringList());

        e = endpoint();
        e.timeout = 6s; // interval 5 s
        QVERIFY(mentions(lintEndpoint(e), "The timeout (6 s) is longer than the interval (5 s)"));

        e = endpoint();
        e.breaker.slowCallDuration = 2s; // the timeout here
        QVERIFY(mentions(lintEndpoint(e), "The slow-call duration (2 s) is not below the timeout (2 s)"));
        e.breaker.slowCallDuration = 1999ms;
        QCOMPARE(lintEndpoint(e), QStringList());

        e = endpoint();
        e.assertions.maxLatency = 3s;
        QVERIFY(mentions(lintEndpoint(e), "The latency check (3 s) is not below the timeout (2 s)"));
        e.assertions.maxLatency = 1500ms;
        QCOMPARE(lintEndpoint(e), QStringList());
    }

    // The tls object's settings that are valid but do nothing or leak.
    void tlsWarnings()
    {
        Endpoint e = endpoint();
        e.tls.caFile = QStringLiteral("/etc/ssl/ca.pem");
        QCOMPARE(lintEndpoint(e),
                 QStringList{QStringLiteral("The TLS settings do nothing for a plain http URL: only https "
                                            "connections use certificates.")});
        e.url = QUrl(QStringLiteral("https://127.0.0.1/"));
        QCOMPARE(lintEndpoint(e), QStringList());
        e.tls.serverName = QStringLiteral("api.internal"); // what it is for: an IP address in the URL
        QCOMPARE(lintEndpoint(e), QStringList());
        e.url = QUrl(QStringLiteral("https://api.example.com/"));
        QVERIFY(mentions(lintEndpoint(e),
                         "The server name (api.internal) differs from the URL's host "
                         "(api.example.com)"));
        e.tls.serverName = QStringLiteral("API.example.com");
        QCOMPARE(lintEndpoint(e),
                 QStringList{QStringLiteral("The server name is the URL's host already: it changes nothing.")});
        e.tls.serverName.clear();
        e.tls.keyPassphrase = QStringLiteral("hunter2");
        QVERIFY(mentions(lintEndpoint(e), "The key passphrase is written in the file as it is"));
        e.tls.keyPassphrase = QStringLiteral("${env:KEY_PASSPHRASE}");
        QCOMPARE(lintEndpoint(e), QStringList());
    }

    void proxyPasswordWarning()
    {
        Endpoint e = endpoint();
        e.proxy = QStringLiteral("http://proxy.corp:3128");
        QCOMPARE(lintEndpoint(e), QStringList());
        e.proxy = QStringLiteral("http://alice:hunter2@proxy.corp:3128");
        QVERIFY(mentions(lintEndpoint(e), "The proxy password is written in the file as it is"));
        e.proxy = QStringLiteral("socks5://alice:${env:PROXY_PASSWORD}@proxy.corp:1080");
        QCOMPARE(lintEndpoint(e), QStringList());
    }

    void slowBreaker()
    {
        Endpoint e = endpoint();
        QCOMPARE(cyclesToOpen(e), 1); // 5 attempts, threshold 5
        // 5 attempts in the first cycle leave the budget (10 tokens, retries
        // while > 5) at 5: one attempt per cycle after that, 8 = 5 + 1 + 1 + 1.
        e.breaker.failureThreshold = 8;
        QCOMPARE(cyclesToOpen(e), 4);
        e.budget.enabled = false;
        QCOMPARE(cyclesToOpen(e), 2);
        e.breaker.failureThreshold = 50;
        e.retry.maxAttempts = 1;
        e.interval = 30s; // 49 cycles of 30 s before it opens
        QCOMPARE(cyclesToOpen(e), 50);
        QVERIFY(mentions(lintEndpoint(e), "The breaker opens only after 50 failing cycles in a row"));
        QVERIFY(mentions(lintEndpoint(e), "24 min 30 s of outage"));
        e.breaker.failureRatePercent = 50; // the rate rule opens it at minimumCalls (10)
        QCOMPARE(cyclesToOpen(e), 10);
        QCOMPARE(lintEndpoint(e), QStringList());
        e.breaker.enabled = false;
        QCOMPARE(cyclesToOpen(e), 0);
    }

    // A long outage drains the budget; then a cycle is one attempt, and the
    // breaker needs its whole threshold in cycles (the demo's lesson: with a
    // threshold of 3 at 5 s, 10 s outages never opened it again).
    void breakerOnceTheBudgetRunsDry()
    {
        Endpoint e = endpoint();
        e.breaker.failureThreshold = 3;
        e.interval = 5s;
        QCOMPARE(cyclesToOpen(e), 1); // the first cycle's 3 attempts
        QCOMPARE(cyclesToOpenWithoutRetries(e), 3);
        QCOMPARE(outageToOpen(e, cyclesToOpenWithoutRetries(e)), 10s); // a 10 s outage holds only 2 cycles
        QVERIFY(!mentions(lintEndpoint(e), "Once the retry budget has run dry"));
        e.interval = 5min;
        e.timeout = 2s;
        QVERIFY(mentions(lintEndpoint(e),
                         "Once the retry budget has run dry (as it does in a long outage), each "
                         "cycle makes one attempt, and the breaker opens only after 3 failing "
                         "cycles: at least 10 min of outage at this interval."));
        e.breaker.failureRatePercent = 50; // the rate rule: at minimumCalls (2) calls
        e.breaker.minimumCalls = 2;
        QCOMPARE(cyclesToOpenWithoutRetries(e), 2);
        e.budget.enabled = false; // no budget: cycles keep their retries
        QCOMPARE(cyclesToOpenWithoutRetries(e), cyclesToOpen(e));
        QVERIFY(!mentions(lintEndpoint(e), "Once the retry budget has run dry"));
    }

    // The outage the user plans for, said in the editor: the demo's lesson
    // (threshold 3 at 5 s: 10 s outages opened the breaker only while the
    // budget held) as a warning, and none once the outage is long enough.
    void breakerAgainstThePlannedOutage()
    {
        Endpoint e = endpoint();
        e.breaker.failureThreshold = 3;
        e.interval = 5s;
        QVERIFY(mentions(lintEndpoint(e, 10s),
                         "An outage of 10 s opens the breaker only while the retry budget "
                         "holds"));
        QVERIFY(mentions(lintEndpoint(e, 10s), "opening takes 3 failing cycles, more than 10 s of outage"));
        QCOMPARE(lintEndpoint(e, 11s), QStringList()); // cycles at 0, 5 and 10 s all fail
        e.budget.enabled = false;
        e.retry.maxAttempts = 1; // one attempt per cycle from the start
        QVERIFY(mentions(lintEndpoint(e, 10s),
                         "An outage of 10 s would not open the breaker: it opens after 3 "
                         "failing cycles, which needs more than 10 s"));
        // Described, the outage replaces the generic "10 minutes or more" rule.
        e.breaker.failureThreshold = 200;
        QVERIFY(mentions(lintEndpoint(e), "The breaker opens only after 200 failing cycles"));
        QCOMPARE(lintEndpoint(e, 20min), QStringList());
        e.breaker.enabled = false;
        QCOMPARE(lintEndpoint(e, 1s), QStringList());
    }

    void budgetStopsRetriesAbove()
    {
        BudgetPolicy budget;
        QVERIFY(qAbs(::budgetStopsRetriesAbove(budget) - 1.0 / 11.0) < 1e-12); // 9 %
        budget.tokenRatio = 1; // one success pays for one failure
        QCOMPARE(::budgetStopsRetriesAbove(budget), 0.5);
    }

    // The certificate the server presented last, against tlsExpiryWarningDays:
    // whole days rounded toward now, as the table shows them.
    void certificateWarning()
    {
        Endpoint e = endpoint();
        e.url = QUrl(QStringLiteral("https://api.example.com/health"));
        const QDateTime now(QDate(2026, 12, 3), QTime(12, 0), Qt::UTC);
        QCOMPARE(certificateDaysLeft(now.addSecs(9 * 86400 + 3600), now), 9);
        QCOMPARE(certificateDaysLeft(now.addSecs(3600), now), 0); // its last day
        QCOMPARE(certificateDaysLeft(now.addSecs(-3600), now), -1);
        QCOMPARE(certificateDaysLeft(now.addSecs(-86400), now), -1);
        QCOMPARE(certificateDaysLeft(now.addSecs(-86401), now), -2);

        QCOMPARE(lintCertificate(e, QDateTime(), now), QString()); // none seen yet
        QCOMPARE(lintCertificate(e, now.addDays(14), now), QString()); // 14 days left: not within 14
        QCOMPARE(lintCertificate(e, now.addDays(9).addSecs(3600), now),
                 QStringLiteral("The server's certificate expires on 2026-12-12 13:00 UTC, in 9 days (the warning "
                                "starts 14 days before, tlsExpiryWarningDays): renew it now."));
        QCOMPARE(lintCertificate(e, now.addSecs(-60), now),
                 QStringLiteral("The server's certificate expired on 2026-12-03 11:59 UTC: every attempt fails with "
                                "tls_error until it is renewed."));
        e.tlsExpiryWarningDays = 30;
        QVERIFY(lintCertificate(e, now.addDays(20), now).contains(QLatin1String("in 20 days (the warning starts 30")));
        e.tlsExpiryWarningDays = 0; // never warn before; an expired one still is
        QCOMPARE(lintCertificate(e, now.addSecs(3600), now), QString());
        QVERIFY(!lintCertificate(e, now.addSecs(-60), now).isEmpty());
        e.tlsExpiryWarningDays = 14;
        e.url = QUrl(QStringLiteral("http://api.example.com/health")); // a plain http URL has no certificate
        QCOMPARE(lintCertificate(e, now.addDays(1), now), QString());
    }

    void durations_data()
    {
        QTest::addColumn<qint64>("ms");
        QTest::addColumn<QString>("text");
        QTest::newRow("ms") << qint64(850) << "850 ms";
        QTest::newRow("negative") << qint64(-5) << "0 ms";
        QTest::newRow("whole seconds") << qint64(3000) << "3 s";
        QTest::newRow("short seconds") << qint64(2500) << "2.50 s";
        QTest::newRow("seconds") << qint64(12500) << "12.5 s";
        QTest::newRow("minutes") << qint64(200000) << "3 min 20 s";
        QTest::newRow("whole minutes") << qint64(120000) << "2 min";
        QTest::newRow("hours") << qint64(7500000) << "2 h 5 min";
        QTest::newRow("days") << qint64(2147483647) << "24 d 20 h";
    }

    void durations()
    {
        QFETCH(qint64, ms);
        QFETCH(QString, text);
        QCOMPARE(durationText(std::chrono::milliseconds(ms)), text);
    }
};

QTEST_GUILESS_MAIN(TestPolicyLint)
#include "tst_policylint.moc"
