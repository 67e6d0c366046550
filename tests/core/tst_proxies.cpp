// SPDX-License-Identifier: GPL-3.0-or-later
// Proxies nobody here wrote, started by the test on loopback ports: Debian's
// tinyproxy (HTTP, with Basic authentication; its log names every request
// and CONNECT it carried) and microsocks (SOCKS5 with user and password; it
// logs every connection it made and to what). What the proxies logged proves
// which way each request went.
#include "tests/support/clientfixture.h"
#include "tests/support/localports.h"
#include "tests/support/nginxserver.h"
#include "tests/support/testpki.h"

#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace std::chrono_literals;

namespace {

const QString proxyUser = QStringLiteral("alice");
const QString proxyPassword = QStringLiteral("Pr0xyPass-4b7e");
const QString socksUser = QStringLiteral("bob");
const QString socksPassword = QStringLiteral("S0cksPass-8d1f");

QString findExecutable(const QString &name)
{
    return QStandardPaths::findExecutable(name, {QStringLiteral("/usr/bin"), QStringLiteral("/usr/sbin")});
}

} // namespace

class TestProxies final : public ClientFixture
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QProcess m_tinyproxy;
    QProcess m_microsocks;
    quint16 m_httpPort = 0;
    quint16 m_socksPort = 0;
    QByteArray m_socksLog; // microsocks writes a line per connection to stderr

    [[nodiscard]] QString tinyproxyLog() const
    {
        QFile file(m_dir.filePath(QStringLiteral("tinyproxy.log")));
        return file.open(QIODevice::ReadOnly) ? QString::fromLatin1(file.readAll()) : QString();
    }

    [[nodiscard]] QString socksLog()
    {
        m_socksLog += m_microsocks.readAllStandardError();
        return QString::fromLatin1(m_socksLog);
    }

    [[nodiscard]] QString httpProxy(const QString &password = proxyPassword) const
    {
        return QStringLiteral("http://%1:%2@127.0.0.1:%3").arg(proxyUser, password).arg(m_httpPort);
    }

    [[nodiscard]] QString socksProxy(const QString &scheme, const QString &password = socksPassword) const
    {
        return QStringLiteral("%1://%2:%3@127.0.0.1:%4").arg(scheme, socksUser, password).arg(m_socksPort);
    }

    // One attempt only: what the proxy saw is then exactly one request.
    [[nodiscard]] Endpoint once(const QString &name, const QUrl &url, const QString &proxy) const
    {
        Endpoint e = endpoint(QStringLiteral("/"), name);
        e.url = url;
        e.proxy = proxy;
        e.retry.maxAttempts = 1;
        return e;
    }

    // Every record's error and URL, where a proxy password must never be.
    void verifyNoPasswordIn(const QList<AttemptRecord> &records)
    {
        for (const AttemptRecord &r : records) {
            for (const QString &secret : {proxyPassword, socksPassword}) {
                QVERIFY2(!r.error.contains(secret), qPrintable(r.error));
                QVERIFY2(!r.url.contains(secret), qPrintable(r.url));
            }
        }
    }

private slots:
    void initTestCase()
    {
        registerTypes();
        const QString tinyproxy = findExecutable(QStringLiteral("tinyproxy"));
        const QString microsocks = findExecutable(QStringLiteral("microsocks"));
        QVERIFY2(!tinyproxy.isEmpty() && !microsocks.isEmpty(),
                 "tinyproxy and microsocks are not installed: run installer/install-deps.sh");
        QVERIFY(m_dir.isValid());
        setUp();
        m_httpPort = LocalPorts::closed();
        QVERIFY(m_httpPort != 0);
        QFile conf(m_dir.filePath(QStringLiteral("tinyproxy.conf")));
        QVERIFY(conf.open(QIODevice::WriteOnly));
        conf.write(QStringLiteral("Port %1\nListen 127.0.0.1\nTimeout 30\nMaxClients 50\nLogLevel Info\n"
                                  "LogFile \"%2\"\nBasicAuth %3 %4\n")
                       .arg(m_httpPort)
                       .arg(m_dir.filePath(QStringLiteral("tinyproxy.log")), proxyUser, proxyPassword)
                       .toUtf8());
        conf.close();
        m_tinyproxy.setProcessChannelMode(QProcess::ForwardedChannels);
        m_tinyproxy.start(tinyproxy, {QStringLiteral("-d"), QStringLiteral("-c"), conf.fileName()});
        QVERIFY(m_tinyproxy.waitForStarted(5000));

        m_socksPort = LocalPorts::closed();
        QVERIFY(m_socksPort != 0 && m_socksPort != m_httpPort);
        m_microsocks.start(microsocks,
                           {QStringLiteral("-i"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"),
                            QString::number(m_socksPort), QStringLiteral("-u"), socksUser, QStringLiteral("-P"),
                            socksPassword});
        QVERIFY(m_microsocks.waitForStarted(5000));
        QTRY_VERIFY_WITH_TIMEOUT(LocalPorts::acceptsConnections(m_httpPort), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(LocalPorts::acceptsConnections(m_socksPort), 10000);
    }

    void cleanupTestCase()
    {
        tearDown();
        for (QProcess *process : {&m_tinyproxy, &m_microsocks}) {
            process->terminate();
            if (!process->waitForFinished(5000))
                process->kill();
        }
    }

    void init() { m_records.clear(); }

    // An http endpoint with an HTTP proxy: the request goes to the proxy in
    // absolute form, with the credentials; the server gets it from there.
    void httpProxyCarriesAnHttpRequest()
    {
        const QUrl url = m_server->url(QStringLiteral("/ok?via=tinyproxy"));
        QCOMPARE(run(once(QStringLiteral("via-http"), url, httpProxy())).outcome, AttemptOutcome::Success);
        QCOMPARE(m_records.size(), 1);
        QCOMPARE(m_records.first().category, ErrorCategory::Ok);
        QCOMPARE(m_server->receivedOn(QStringLiteral("/ok")).size(), 1);
        QTRY_VERIFY2(tinyproxyLog().contains(QStringLiteral("GET %1 HTTP/1.1").arg(url.toString())),
                     qPrintable(tinyproxyLog()));
        verifyNoPasswordIn(m_records);
    }

    // An https endpoint with an HTTP proxy: a CONNECT tunnel, and TLS to
    // the server inside it (nginx, with a certificate from the test's CA).
    void httpsGoesThroughAConnectTunnel()
    {
        TestPki pki;
        for (const QString &problem :
             {pki.makeCa(QStringLiteral("ca")),
              pki.makeCertificate(QStringLiteral("ca"), QStringLiteral("server"), QStringLiteral("IP:127.0.0.1"),
                                  QStringLiteral("serverAuth"))})
            QVERIFY2(problem.isEmpty(), qPrintable(problem));
        const quint16 port = LocalPorts::closed();
        NginxServer nginx;
        const QString problem = nginx.start(
            QStringLiteral("    log_format line '$request $status';\n"
                           "    server {\n"
                           "        listen 127.0.0.1:%1 ssl;\n"
                           "        access_log %2/access.log line;\n"
                           "        ssl_certificate %3;\n"
                           "        ssl_certificate_key %4;\n"
                           "        location = /ok { return 200 \"ok\\n\"; }\n"
                           "    }")
                .arg(port)
                .arg(nginx.dir(), pki.path(QStringLiteral("server.pem")), pki.path(QStringLiteral("server.key"))),
            {port});
        QVERIFY2(problem.isEmpty(), qPrintable(problem));

        Endpoint e = once(QStringLiteral("via-connect"), QUrl(QStringLiteral("https://127.0.0.1:%1/ok").arg(port)),
                          httpProxy());
        e.tls.caFile = pki.path(QStringLiteral("ca.pem"));
        run(e);
        QVERIFY2(m_records.size() == 1 && m_records.first().category == ErrorCategory::Ok,
                 qPrintable(summary(m_records) + u' ' + m_records.value(0).error));
        QTRY_VERIFY2(tinyproxyLog().contains(QStringLiteral("CONNECT 127.0.0.1:%1 ").arg(port)),
                     qPrintable(tinyproxyLog()));
        QCOMPARE(nginx.logLines(), QStringList{QStringLiteral("GET /ok HTTP/1.1 200")});
    }

    // The proxy refuses a wrong password (tinyproxy answers 401 to wrong
    // credentials, 407 to none): the attempt fails as a client error, is
    // not retried, says which proxy answered, and never shows the password.
    void aWrongProxyPasswordIsSaidWithoutTheSecret()
    {
        const qsizetype before = m_server->received().size();
        const QString wrong = QStringLiteral("Wr0ngPass-2c6a");
        Endpoint e = once(QStringLiteral("wrong-password"), m_server->url(QStringLiteral("/ok")), httpProxy(wrong));
        e.retry.maxAttempts = 3;
        QCOMPARE(run(e).outcome, AttemptOutcome::Failed);
        QCOMPARE(m_records.size(), 1);
        const AttemptRecord &r = m_records.first();
        QVERIFY2(r.category == ErrorCategory::ClientError, qPrintable(summary(m_records) + u' ' + r.error));
        QCOMPARE(r.httpStatus.value_or(-1), 401);
        QVERIFY2(r.retriable == false, qPrintable(r.error));
        QVERIFY2(r.error.contains(QStringLiteral("(via proxy http://127.0.0.1:%1)").arg(m_httpPort)),
                 qPrintable(r.error));
        QCOMPARE(r.proxy, QStringLiteral("http://127.0.0.1:%1").arg(m_httpPort));
        QVERIFY2(!r.error.contains(wrong), qPrintable(r.error));

        m_records.clear();
        const QString anonymous = QStringLiteral("http://127.0.0.1:%1").arg(m_httpPort);
        QCOMPARE(run(once(QStringLiteral("no-password"), m_server->url(QStringLiteral("/ok")), anonymous)).outcome,
                 AttemptOutcome::Failed);
        const AttemptRecord &refused = m_records.first();
        QVERIFY2(refused.category == ErrorCategory::ClientError && refused.httpStatus == 407,
                 qPrintable(summary(m_records) + u' ' + refused.error));
        QVERIFY2(refused.error.contains(QStringLiteral("(via proxy %1)").arg(anonymous)), qPrintable(refused.error));
        QCOMPARE(m_server->received().size(), before);
    }

    // socks5h: the proxy resolves the name ("localhost" reaches microsocks
    // as a name); socks5: the name is resolved here and the proxy is given
    // an address, as curl does.
    void socks5CarriesRequestsAndResolvesAsAsked()
    {
        QUrl byName = m_server->url(QStringLiteral("/ok?via=socks5h"));
        byName.setHost(QStringLiteral("localhost"));
        QCOMPARE(run(once(QStringLiteral("via-socks5h"), byName, socksProxy(QStringLiteral("socks5h")))).outcome,
                 AttemptOutcome::Success);
        QTRY_VERIFY2(socksLog().contains(QStringLiteral("connected to localhost:%1").arg(m_server->port())),
                     qPrintable(socksLog()));

        QCOMPARE(run(once(QStringLiteral("via-socks5"), byName, socksProxy(QStringLiteral("socks5")))).outcome,
                 AttemptOutcome::Success);
        QTRY_VERIFY2(socksLog().contains(QStringLiteral("connected to 127.0.0.1:%1").arg(m_server->port())),
                     qPrintable(socksLog()));
        QCOMPARE(m_server->receivedOn(QStringLiteral("/ok")).size() >= 2, true);
        verifyNoPasswordIn(m_records);

        m_records.clear();
        const qsizetype before = m_server->received().size();
        Endpoint wrong = once(QStringLiteral("socks-wrong"), byName,
                              socksProxy(QStringLiteral("socks5h"), QStringLiteral("Wr0ngSocks-6e2d")));
        QCOMPARE(run(wrong).outcome, AttemptOutcome::Failed);
        QVERIFY2(
            m_records.first().error.contains(QStringLiteral("(via proxy socks5h://127.0.0.1:%1)").arg(m_socksPort)),
            qPrintable(m_records.first().error));
        QVERIFY(!m_records.first().error.contains(QStringLiteral("Wr0ngSocks-6e2d")));
        QCOMPARE(m_server->received().size(), before);
    }

    // Without `proxy`, the environment decides as for curl: http_proxy for
    // an http URL, never for loopback, not for a host in no_proxy.
    void theEnvironmentDecidesWithoutAProxyKey()
    {
        QProcessEnvironment environment;
        environment.insert(QStringLiteral("http_proxy"), httpProxy());
        m_client->setEnvironment(environment);

        // Loopback goes direct: the proxy's log does not grow.
        const qsizetype logged = tinyproxyLog().size();
        QCOMPARE(run(once(QStringLiteral("loopback"), m_server->url(QStringLiteral("/ok?env=direct")), {})).outcome,
                 AttemptOutcome::Success);
        QTest::qWait(200);
        QVERIFY(!tinyproxyLog().mid(logged).contains(QStringLiteral("env=direct")));
        QCOMPARE(m_records.last().proxy, QString());

        // A name only the proxy could look up: the request reaches the
        // proxy, which cannot resolve it and answers 500 for itself.
        const QUrl away(QStringLiteral("http://retryscope-test.invalid/env"));
        QCOMPARE(run(once(QStringLiteral("away"), away, {})).outcome, AttemptOutcome::Failed);
        QCOMPARE(m_records.last().httpStatus, 500);
        QCOMPARE(m_records.last().proxy, QStringLiteral("http://127.0.0.1:%1").arg(m_httpPort));
        QTRY_VERIFY2(tinyproxyLog().contains(QStringLiteral("GET http://retryscope-test.invalid/env HTTP/1.1")),
                     qPrintable(tinyproxyLog()));

        // no_proxy: the same name is looked up here, and is not found.
        environment.insert(QStringLiteral("no_proxy"), QStringLiteral("example.com, .invalid"));
        m_client->setEnvironment(environment);
        const qsizetype before = tinyproxyLog().size();
        QCOMPARE(
            run(once(QStringLiteral("bypassed"), QUrl(QStringLiteral("http://retryscope-test.invalid/bypassed")), {}))
                .outcome,
            AttemptOutcome::Failed);
        QCOMPARE(m_records.last().category, ErrorCategory::DnsFailure);
        QCOMPARE(m_records.last().proxy, QString());
        QVERIFY(!tinyproxyLog().mid(before).contains(QStringLiteral("/bypassed")));

        // An unreadable variable fails the attempt before anything is sent,
        // naming the variable and never repeating its value.
        environment.insert(QStringLiteral("http_proxy"), QStringLiteral("ftp://carol:Secr3t-9a@proxy.example"));
        environment.remove(QStringLiteral("no_proxy"));
        m_client->setEnvironment(environment);
        QCOMPARE(run(once(QStringLiteral("bad-variable"), away, {})).outcome, AttemptOutcome::Failed);
        const AttemptRecord &bad = m_records.last();
        QVERIFY2(bad.error.startsWith(QStringLiteral("http_proxy: unknown proxy scheme ftp://")),
                 qPrintable(bad.error));
        QVERIFY(!bad.error.contains(QStringLiteral("Secr3t-9a")));
        QCOMPARE(bad.transmissions, 0);
        verifyNoPasswordIn(m_records);
        m_client->setEnvironment(QProcessEnvironment());
    }

    // `none` goes direct even when the environment names a proxy.
    void noneGoesDirect()
    {
        QProcessEnvironment environment;
        environment.insert(QStringLiteral("http_proxy"), httpProxy());
        m_client->setEnvironment(environment);
        QCOMPARE(run(once(QStringLiteral("direct"), QUrl(QStringLiteral("http://retryscope-test.invalid/none")),
                          QStringLiteral("none")))
                     .outcome,
                 AttemptOutcome::Failed);
        QCOMPARE(m_records.last().category, ErrorCategory::DnsFailure);
        QVERIFY(!tinyproxyLog().contains(QStringLiteral("/none")));
        m_client->setEnvironment(QProcessEnvironment());
    }
};

QTEST_GUILESS_MAIN(TestProxies)
#include "tst_proxies.moc"
