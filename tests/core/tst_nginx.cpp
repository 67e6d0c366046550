// SPDX-License-Identifier: GPL-3.0-or-later
// The wire's truth against a server nobody here wrote: Debian's nginx, which
// closes idle kept-alive connections (`keepalive_timeout`), answers with
// `return`, proxies to a hanging upstream (the fault server's /hang), and
// limits the request rate (`limit_req`, announcing its quota by `add_header`).
// What nginx logged in its access log is the ground truth.
#include "tests/support/clientfixture.h"
#include "tests/support/localports.h"
#include "tests/support/nginxserver.h"

#include <QDir>
#include <QFile>
#include <QTest>

#include <algorithm>

using namespace std::chrono_literals;

class TestNginx final : public ClientFixture
{
    Q_OBJECT

    NginxServer m_nginx;
    quint16 m_port = 0;

    [[nodiscard]] QUrl nginxUrl(const QString &path) const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path));
    }

    // The access log: the request line and the status ("POST /ok HTTP/1.1 200") per request.
    [[nodiscard]] QStringList logged() const { return m_nginx.logLines(); }

    [[nodiscard]] qsizetype loggedCount(const QString &requestLine) const
    {
        const QStringList lines = logged();
        return std::count_if(lines.begin(), lines.end(),
                             [&requestLine](const QString &line) { return line.startsWith(requestLine + u' '); });
    }

private slots:
    void initTestCase()
    {
        registerTypes();
        m_port = LocalPorts::closed(); // free now; nginx listens on it
        QVERIFY(m_port != 0);
        setUp(); // the fault server is nginx's hanging upstream
        const QString dir = m_nginx.dir();
        QVERIFY(QDir(dir).mkpath(QStringLiteral("www")));
        QFile page(dir + QStringLiteral("/www/limited"));
        QVERIFY(page.open(QIODevice::WriteOnly) && page.write("ok\n") == 3);
        page.close();
        const QString problem = m_nginx.start(QStringLiteral(R"(
    log_format line '$request $status $msec';
    keepalive_timeout 1s;
    limit_req_zone $binary_remote_addr zone=quota:1m rate=1r/s;
    server {
        listen 127.0.0.1:%2;
        access_log %1/access.log line;
        location = /ok { return 200 "ok\n"; }
        location = /limited {
            limit_req zone=quota nodelay;
            limit_req_status 429;
            add_header X-RateLimit-Remaining 0 always;
            add_header X-RateLimit-Reset 1 always;
            root %1/www; # a file: `return` would answer before limit_req runs
        }
        location = /hang {
            proxy_pass http://127.0.0.1:%3/hang;
            proxy_read_timeout 120s;
        }
    })")
                                                  .arg(dir)
                                                  .arg(m_port)
                                                  .arg(m_server->port()),
                                              {m_port});
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void cleanupTestCase() { tearDown(); }

    void init() { m_records.clear(); }

    // nginx closes kept-alive connections after 1 s idle; a GET and a POST
    // every 1.5 s. Every POST succeeds and nginx logged each exactly once;
    // every GET's transmissions, re-sends on a closed connection included,
    // add up to what nginx logged.
    void idleCloseNeitherDuplicatesNorFailsAPost()
    {
        Endpoint post = endpoint(QStringLiteral("/"), QStringLiteral("post"));
        post.url = nginxUrl(QStringLiteral("/ok"));
        post.method = "POST";
        post.body = "{}";
        post.headers.append({QStringLiteral("Content-Type"), QStringLiteral("application/json")});
        Endpoint get = post;
        get.name = QStringLiteral("get");
        get.method = "GET";
        get.body.clear();
        get.headers.clear();
        for (int i = 1; i <= 4; ++i) {
            QCOMPARE(run(get).outcome, AttemptOutcome::Success);
            QCOMPARE(run(post).outcome, AttemptOutcome::Success);
            QTRY_COMPARE(loggedCount(QStringLiteral("POST /ok HTTP/1.1")), i);
            QTest::qWait(1500);
        }
        QCOMPARE(loggedCount(QStringLiteral("POST /ok HTTP/1.1")), 4);
        int getTransmissions = 0;
        for (const AttemptRecord &r : std::as_const(m_records)) {
            QCOMPARE(r.category, ErrorCategory::Ok);
            if (r.method == "POST")
                QCOMPARE(r.transmissions, 1);
            else
                getTransmissions += r.transmissions;
        }
        QCOMPARE(getTransmissions, loggedCount(QStringLiteral("GET /ok HTTP/1.1")));
    }

    // Eight requests hang in nginx's proxy to a silent upstream; a healthy
    // endpoint on the same nginx answers at once, five times, no timeout.
    // nginx's limit_req lets one request a second through and answers 429
    // (without Retry-After) to the rest; the quota fields say "none left, 1 s".
    // Paced, back-to-back cycles never hit the limit: every request nginx
    // logged got 200. Not paced, the next cycle is refused at once.
    void pacingKeepsUnderNginxLimitReq()
    {
        Endpoint e = endpoint(QStringLiteral("/"), QStringLiteral("paced"));
        e.url = nginxUrl(QStringLiteral("/limited"));
        e.retry.maxAttempts = 1;
        const qsizetype before = logged().size();
        for (int i = 0; i < 3; ++i)
            QCOMPARE(run(e).outcome, AttemptOutcome::Success);
        for (const AttemptRecord &r : std::as_const(m_records)) {
            QCOMPARE(r.rateLimitRemaining, 0);
            QCOMPARE(r.rateLimitReset, 1000ms);
        }
        QTRY_COMPARE(logged().size(), before + 3);
        for (const QString &line : logged().mid(before))
            QVERIFY2(line.startsWith(QStringLiteral("GET /limited HTTP/1.1 200 ")), qPrintable(line));

        QTest::qWait(1100); // a fresh second for the unpaced client
        Endpoint unpaced = e;
        unpaced.name = QStringLiteral("unpaced");
        unpaced.retry.respectRateLimit = false;
        QCOMPARE(run(unpaced).outcome, AttemptOutcome::Success);
        const CycleResult refused = run(unpaced);
        QCOMPARE(refused.outcome, AttemptOutcome::Failed);
        QCOMPARE(m_records.last().httpStatus, 429);
        QTRY_COMPARE(logged().size(), before + 5);
        QVERIFY2(logged().last().startsWith(QStringLiteral("GET /limited HTTP/1.1 429 ")), qPrintable(logged().last()));
    }

    void healthyBesideHangingProxiedRequests()
    {
        for (int i = 0; i < 8; ++i) {
            Endpoint e = endpoint(QStringLiteral("/"), QStringLiteral("hang-%1").arg(i));
            e.url = nginxUrl(QStringLiteral("/hang"));
            e.timeout = 60s;
            e.retry.maxAttempts = 1;
            QVERIFY(m_client->startCycle(e));
        }
        QTRY_COMPARE_WITH_TIMEOUT(m_server->receivedOn(QStringLiteral("/hang")).size(), 8, 10000);
        Endpoint ok = endpoint(QStringLiteral("/"), QStringLiteral("healthy"));
        ok.url = nginxUrl(QStringLiteral("/ok"));
        ok.timeout = 2s;
        for (int i = 0; i < 5; ++i) {
            QCOMPARE(run(ok).outcome, AttemptOutcome::Success);
            const AttemptRecord &r = m_records.last();
            QVERIFY2(r.latency && *r.latency < 500ms, qPrintable(QString::number(r.latency->count())));
            QCOMPARE(r.phases.queued, std::chrono::milliseconds(0));
        }
        m_client->cancelAll();
    }
};

QTEST_GUILESS_MAIN(TestNginx)
#include "tst_nginx.moc"
