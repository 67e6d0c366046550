// SPDX-License-Identifier: GPL-3.0-or-later
// The `tls` keys against a server nobody here wrote: Debian's nginx, with
// certificates from a private CA the test makes with openssl, exactly as an
// internal PKI does. A server certificate from that CA is trusted only with
// `caFile`; a certificate for a name is accepted at an IP address only with
// `serverName`; a server that requires a client certificate (nginx's
// `ssl_verify_client on`) answers only the right one, and an endpoint
// without it never rides on another endpoint's authenticated connection.
// nginx's access log (port, client verification, request, status) is the
// ground truth. And every file problem is a load error naming its key.
#include "core/config/endpointparser.h"
#include "tests/support/clientfixture.h"
#include "tests/support/localports.h"
#include "tests/support/nginxserver.h"
#include "tests/support/testpki.h"

#include <QDir>
#include <QTest>

using namespace std::chrono_literals;

class TestTlsTrust final : public ClientFixture
{
    Q_OBJECT

    TestPki m_pki;
    NginxServer m_nginx;
    quint16 m_ipPort = 0; // certificate for IP:127.0.0.1
    quint16 m_namePort = 0; // certificate for DNS:service.internal only
    quint16 m_mutualPort = 0; // certificate for IP:127.0.0.1; requires a client certificate from the CA

    [[nodiscard]] static QUrl url(quint16 port) { return QUrl(QStringLiteral("https://127.0.0.1:%1/ok").arg(port)); }

    // The access log: "<port> <client verification> <request line> <status>".
    [[nodiscard]] QStringList logged() const { return m_nginx.logLines(); }
    // nginx writes a request's line after it has answered, so the client
    // can have its answer first: the lines for `port` from line `from` on,
    // once there are `count` of them (or after 5 s, whatever there is).
    // Another port's lines, an earlier test's coming late, are left out.
    [[nodiscard]] QStringList loggedFrom(qsizetype from, quint16 port, qsizetype count) const
    {
        const QString prefix = QString::number(port) + u' ';
        const auto lines = [&] {
            QStringList mine = logged().mid(from);
            mine.removeIf([&](const QString &line) { return !line.startsWith(prefix); });
            return mine;
        };
        // A timeout is not an error here: the comparison shows what came.
        static_cast<void>(QTest::qWaitFor([&] { return lines().size() >= count; }, 5000));
        return lines();
    }

    [[nodiscard]] Endpoint httpsEndpoint(quint16 port) const
    {
        Endpoint e = endpoint(QStringLiteral("/"));
        e.url = url(port);
        e.retry.maxAttempts = 1;
        return e;
    }

    // The endpoint as the endpoints file would give it: its `tls` object
    // read, and the files it names read.
    [[nodiscard]] static QString load(Endpoint &e, const QJsonObject &tls,
                                      const QProcessEnvironment &environment = QProcessEnvironment())
    {
        const QJsonObject object{
            {QStringLiteral("name"), e.name}, {QStringLiteral("url"), e.url.toString()}, {QStringLiteral("tls"), tls}};
        Endpoint parsed;
        QString problem = parseEndpoint(object, environment, parsed);
        e.tls = parsed.tls;
        return problem;
    }

    [[nodiscard]] QJsonObject clientTls(const QString &name) const
    {
        return {{QStringLiteral("caFile"), m_pki.path(QStringLiteral("ca.pem"))},
                {QStringLiteral("certFile"), m_pki.path(name + QStringLiteral(".pem"))},
                {QStringLiteral("keyFile"), m_pki.path(name + QStringLiteral(".key"))}};
    }

    [[nodiscard]] QString problemOf(const QJsonObject &tls,
                                    const QProcessEnvironment &environment = QProcessEnvironment()) const
    {
        Endpoint e = httpsEndpoint(m_ipPort);
        return load(e, tls, environment);
    }

private slots:
    void initTestCase()
    {
        registerTypes();
        for (const QString &problem :
             {m_pki.makeCa(QStringLiteral("ca")), m_pki.makeCa(QStringLiteral("rogue")),
              m_pki.makeCertificate(QStringLiteral("ca"), QStringLiteral("server-ip"), QStringLiteral("IP:127.0.0.1"),
                                    QStringLiteral("serverAuth")),
              m_pki.makeCertificate(QStringLiteral("ca"), QStringLiteral("server-name"),
                                    QStringLiteral("DNS:service.internal"), QStringLiteral("serverAuth")),
              m_pki.makeCertificate(QStringLiteral("ca"), QStringLiteral("client"), QStringLiteral("DNS:client"),
                                    QStringLiteral("clientAuth")),
              m_pki.encryptKey(QStringLiteral("client"), QStringLiteral("s3cret passphrase")),
              m_pki.makeCertificate(QStringLiteral("ca"), QStringLiteral("client-rsa"), QStringLiteral("DNS:client"),
                                    QStringLiteral("clientAuth"), TestPki::Key::Rsa),
              m_pki.makeCertificate(QStringLiteral("ca"), QStringLiteral("client-ed25519"),
                                    QStringLiteral("DNS:client"), QStringLiteral("clientAuth"), TestPki::Key::Ed25519),
              m_pki.makeCertificate(QStringLiteral("rogue"), QStringLiteral("rogue-client"),
                                    QStringLiteral("DNS:client"), QStringLiteral("clientAuth"))})
            QVERIFY2(problem.isEmpty(), qPrintable(problem));

        m_ipPort = LocalPorts::closed();
        m_namePort = LocalPorts::closed();
        m_mutualPort = LocalPorts::closed();
        QVERIFY(m_ipPort && m_namePort && m_mutualPort && m_ipPort != m_namePort && m_namePort != m_mutualPort
                && m_ipPort != m_mutualPort);
        const QString pki = m_pki.path(QString());
        const QString problem
            = m_nginx.start(QStringLiteral("    log_format line '$server_port $ssl_client_verify $request $status';\n"
                                           "    access_log %1/access.log line;\n"
                                           "    keepalive_timeout 30s;\n"
                                           "    server {\n"
                                           "        listen 127.0.0.1:%2 ssl;\n"
                                           "        ssl_certificate %5/server-ip.pem;\n"
                                           "        ssl_certificate_key %5/server-ip.key;\n"
                                           "        location = /ok { return 200 \"ok\\n\"; }\n"
                                           "    }\n"
                                           "    server {\n"
                                           "        listen 127.0.0.1:%3 ssl;\n"
                                           "        ssl_certificate %5/server-name.pem;\n"
                                           "        ssl_certificate_key %5/server-name.key;\n"
                                           "        location = /ok { return 200 \"ok\\n\"; }\n"
                                           "    }\n"
                                           "    server {\n"
                                           "        listen 127.0.0.1:%4 ssl;\n"
                                           "        ssl_certificate %5/server-ip.pem;\n"
                                           "        ssl_certificate_key %5/server-ip.key;\n"
                                           "        ssl_client_certificate %5/ca.pem;\n"
                                           "        ssl_verify_client on;\n"
                                           "        location = /ok { return 200 \"hello $ssl_client_s_dn\\n\"; }\n"
                                           "    }")
                                .arg(m_nginx.dir())
                                .arg(m_ipPort)
                                .arg(m_namePort)
                                .arg(m_mutualPort)
                                .arg(QDir::cleanPath(pki)),
                            {m_ipPort, m_namePort, m_mutualPort});
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void init() { setUp(); }
    void cleanup() { tearDown(); }

    // Without caFile the private CA is unknown: tls_error, nothing sent.
    // With it, the same server answers.
    void caFileTrustsAPrivateCa()
    {
        Endpoint e = httpsEndpoint(m_ipPort);
        QCOMPARE(run(e).outcome, AttemptOutcome::Failed);
        QCOMPARE(categoryName(m_records.last().category), QLatin1String("tls_error"));
        QVERIFY2(logged().isEmpty(), qPrintable(logged().join(u'\n')));

        const QString problem = load(e, {{QStringLiteral("caFile"), m_pki.path(QStringLiteral("ca.pem"))}});
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QVERIFY(e.tls.material);
        QCOMPARE(e.tls.material->caCertificates.size(), 1);
        QCOMPARE(run(e).outcome, AttemptOutcome::Success);
        QCOMPARE(m_records.last().httpStatus, 200);
        QCOMPARE(loggedFrom(0, m_ipPort, 1), QStringList{QStringLiteral("%1 NONE GET /ok HTTP/1.1 200").arg(m_ipPort)});

        // A self-signed server certificate may be given as its own CA: the
        // server's certificate is not a CA, so trusting it alone fails here
        // (its issuer is the CA); the CA's own certificate is what to give.
        Endpoint other = httpsEndpoint(m_ipPort);
        QVERIFY(load(other, {{QStringLiteral("caFile"), m_pki.path(QStringLiteral("rogue.pem"))}}).isEmpty());
        QCOMPARE(run(other).outcome, AttemptOutcome::Failed);
        QCOMPARE(categoryName(m_records.last().category), QLatin1String("tls_error"));
    }

    // A certificate for a name, at an IP address: refused as it is; accepted
    // with serverName naming it; refused with another name.
    void serverNameIsSentAndVerified()
    {
        Endpoint e = httpsEndpoint(m_namePort);
        QVERIFY(load(e, {{QStringLiteral("caFile"), m_pki.path(QStringLiteral("ca.pem"))}}).isEmpty());
        QCOMPARE(run(e).outcome, AttemptOutcome::Failed);
        QCOMPARE(categoryName(m_records.last().category), QLatin1String("tls_error"));

        QVERIFY(load(e,
                     {{QStringLiteral("caFile"), m_pki.path(QStringLiteral("ca.pem"))},
                      {QStringLiteral("serverName"), QStringLiteral("service.internal")}})
                    .isEmpty());
        QCOMPARE(run(e).outcome, AttemptOutcome::Success);
        QCOMPARE(m_records.last().httpStatus, 200);

        QVERIFY(load(e,
                     {{QStringLiteral("caFile"), m_pki.path(QStringLiteral("ca.pem"))},
                      {QStringLiteral("serverName"), QStringLiteral("other.internal")}})
                    .isEmpty());
        QCOMPARE(run(e).outcome, AttemptOutcome::Failed);
        QCOMPARE(categoryName(m_records.last().category), QLatin1String("tls_error"));
    }

    // nginx with ssl_verify_client on answers 400 without a client
    // certificate or with one from another CA, and 200 with the right one:
    // an EC key encrypted with a passphrase from the environment, an
    // unencrypted RSA key, or an Ed25519 key.
    void clientCertificateIsPresented()
    {
        const qsizetype before = logged().size();
        Endpoint none = httpsEndpoint(m_mutualPort);
        QVERIFY(load(none, {{QStringLiteral("caFile"), m_pki.path(QStringLiteral("ca.pem"))}}).isEmpty());
        QCOMPARE(run(none).outcome, AttemptOutcome::Failed);
        QCOMPARE(m_records.last().httpStatus, 400);

        Endpoint rogue = httpsEndpoint(m_mutualPort);
        QVERIFY(load(rogue, clientTls(QStringLiteral("rogue-client"))).isEmpty());
        QCOMPARE(run(rogue).outcome, AttemptOutcome::Failed);
        QCOMPARE(m_records.last().httpStatus, 400);

        Endpoint encrypted = httpsEndpoint(m_mutualPort);
        QJsonObject tls = clientTls(QStringLiteral("client"));
        tls.insert(QStringLiteral("keyFile"), m_pki.path(QStringLiteral("client-encrypted.key")));
        tls.insert(QStringLiteral("keyPassphrase"), QStringLiteral("${env:CLIENT_KEY_PASSPHRASE}"));
        QProcessEnvironment environment;
        environment.insert(QStringLiteral("CLIENT_KEY_PASSPHRASE"), QStringLiteral("s3cret passphrase"));
        const QString problem = load(encrypted, tls, environment);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(run(encrypted).outcome, AttemptOutcome::Success);
        QCOMPARE(m_records.last().httpStatus, 200);

        Endpoint rsa = httpsEndpoint(m_mutualPort);
        QVERIFY(load(rsa, clientTls(QStringLiteral("client-rsa"))).isEmpty());
        QCOMPARE(run(rsa).outcome, AttemptOutcome::Success);

        Endpoint ed25519 = httpsEndpoint(m_mutualPort); // a key QSslKey has no algorithm for
        QVERIFY(load(ed25519, clientTls(QStringLiteral("client-ed25519"))).isEmpty());
        QVERIFY(ed25519.tls.material);
        QCOMPARE(ed25519.tls.material->privateKey.algorithm(), QSsl::Opaque);
        QCOMPARE(run(ed25519).outcome, AttemptOutcome::Success);

        const QString port = QString::number(m_mutualPort);
        QCOMPARE(loggedFrom(before, m_mutualPort, 5),
                 (QStringList{port + QStringLiteral(" NONE GET /ok HTTP/1.1 400"),
                              port
                                  + QStringLiteral(" FAILED:unable to verify the first certificate GET /ok "
                                                   "HTTP/1.1 400"),
                              port + QStringLiteral(" SUCCESS GET /ok HTTP/1.1 200"),
                              port + QStringLiteral(" SUCCESS GET /ok HTTP/1.1 200"),
                              port + QStringLiteral(" SUCCESS GET /ok HTTP/1.1 200")}));
    }

    // Qt keys its kept-alive connections by origin and verified name only:
    // an endpoint without a client certificate must not be sent on the
    // connection another endpoint authenticated with one.
    void noEndpointRidesAnotherOnesCertificate()
    {
        Endpoint with = httpsEndpoint(m_mutualPort);
        with.name = QStringLiteral("with");
        QVERIFY(load(with, clientTls(QStringLiteral("client-rsa"))).isEmpty());
        Endpoint without = httpsEndpoint(m_mutualPort);
        without.name = QStringLiteral("without");
        QVERIFY(load(without, {{QStringLiteral("caFile"), m_pki.path(QStringLiteral("ca.pem"))}}).isEmpty());
        const qsizetype before = logged().size();
        for (int i = 0; i < 2; ++i) {
            QCOMPARE(run(with).outcome, AttemptOutcome::Success);
            QCOMPARE(run(without).outcome, AttemptOutcome::Failed);
            QCOMPARE(m_records.last().httpStatus, 400);
        }
        const QString port = QString::number(m_mutualPort);
        QCOMPARE(loggedFrom(before, m_mutualPort, 4),
                 (QStringList{port + QStringLiteral(" SUCCESS GET /ok HTTP/1.1 200"),
                              port + QStringLiteral(" NONE GET /ok HTTP/1.1 400"),
                              port + QStringLiteral(" SUCCESS GET /ok HTTP/1.1 200"),
                              port + QStringLiteral(" NONE GET /ok HTTP/1.1 400")}));
    }

    // Every problem with the files is found when the endpoint is loaded,
    // naming the key and the file.
    void fileProblemsAreLoadErrorsNamingTheKey()
    {
        const QString ca = m_pki.path(QStringLiteral("ca.pem"));
        const QString missing = m_pki.path(QStringLiteral("missing.pem"));
        const QString folder = m_pki.path(QString());
        const QString text = m_pki.path(QStringLiteral("client.ext")); // openssl's extension file: not PEM
        const QString key = m_pki.path(QStringLiteral("client.key"));
        const QString encrypted = m_pki.path(QStringLiteral("client-encrypted.key"));
        const QString certificate = m_pki.path(QStringLiteral("client.pem"));
        const auto tls = [](std::initializer_list<std::pair<const char *, QString>> keys) {
            QJsonObject object;
            for (const auto &[name, value] : keys)
                object.insert(QLatin1String(name), value);
            return object;
        };
        QCOMPARE(problemOf(tls({{"caFile", missing}})), QStringLiteral("tls.caFile: %1: no such file").arg(missing));
        QCOMPARE(problemOf(tls({{"caFile", QDir::cleanPath(folder)}})),
                 QStringLiteral("tls.caFile: %1: is a folder, not a file").arg(QDir::cleanPath(folder)));
        QCOMPARE(problemOf(tls({{"caFile", QStringLiteral("/dev/zero")}})),
                 QStringLiteral("tls.caFile: /dev/zero: is not a regular file"));
        QCOMPARE(problemOf(tls({{"caFile", text}})),
                 QStringLiteral("tls.caFile: %1: holds no PEM certificate (-----BEGIN CERTIFICATE-----)").arg(text));
        QCOMPARE(problemOf(tls({{"caFile", QStringLiteral("ca.pem")}})),
                 QStringLiteral("tls.caFile: \"ca.pem\" is not an absolute path (the file's full path, e.g. "
                                "/etc/ssl/ca.pem)"));
        QCOMPARE(problemOf(tls({{"certFile", certificate}})),
                 QStringLiteral("tls.keyFile: needed with tls.certFile (the client certificate's key)"));
        QCOMPARE(problemOf(tls({{"keyFile", key}})),
                 QStringLiteral("tls.certFile: needed with tls.keyFile (the certificate the key belongs to)"));
        QCOMPARE(problemOf(tls({{"certFile", certificate}, {"keyFile", text}})),
                 QStringLiteral("tls.keyFile: %1: holds no PEM private key (-----BEGIN PRIVATE KEY-----)").arg(text));
        QCOMPARE(problemOf(tls({{"certFile", certificate}, {"keyFile", encrypted}})),
                 QStringLiteral("tls.keyFile: %1: the key is encrypted; give its passphrase in tls.keyPassphrase")
                     .arg(encrypted));
        QCOMPARE(problemOf(tls(
                     {{"certFile", certificate}, {"keyFile", encrypted}, {"keyPassphrase", QStringLiteral("wrong")}})),
                 QStringLiteral("tls.keyPassphrase: does not decrypt %1 (wrong passphrase?)").arg(encrypted));
        QCOMPARE(problemOf(tls({{"certFile", certificate},
                                {"keyFile", encrypted},
                                {"keyPassphrase", QStringLiteral("${env:NO_SUCH_PASSPHRASE}")}})),
                 QStringLiteral("tls.keyPassphrase: environment variable NO_SUCH_PASSPHRASE is not set"));
        const QString rogueKey = m_pki.path(QStringLiteral("rogue-client.key"));
        QCOMPARE(problemOf(tls({{"certFile", certificate}, {"keyFile", rogueKey}})),
                 QStringLiteral("tls.keyFile: %1 is not the key of the certificate in tls.certFile (%2)")
                     .arg(rogueKey, certificate));
        QCOMPARE(problemOf(tls({{"keyPassphrase", QStringLiteral("x")}})),
                 QStringLiteral("tls.keyPassphrase: there is no tls.keyFile to decrypt"));
        QCOMPARE(problemOf(tls({{"serverName", QStringLiteral("https://service.internal:443")}})),
                 QStringLiteral("tls.serverName: \"https://service.internal:443\" is not a host name (only the "
                                "name, e.g. api.internal: no scheme, port or path)"));
        QCOMPARE(problemOf(tls({{"caFile", ca}, {"verify", QStringLiteral("false")}})),
                 QStringLiteral("tls.verify: unknown key"));
        QCOMPARE(problemOf(tls({{"caFile", ca}})), QString());
    }
};

QTEST_GUILESS_MAIN(TestTlsTrust)
#include "tst_tlstrust.moc"
