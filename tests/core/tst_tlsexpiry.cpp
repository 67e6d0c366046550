// SPDX-License-Identifier: GPL-3.0-or-later
// How long a server's certificate has left, read in the TLS handshake of a
// real server nobody here wrote (openssl s_server from Debian) with a
// self-signed certificate the test makes: refused (nothing is ever
// ignored), but its expiry still known, as blackbox_exporter reports it.
#include "tests/support/clientfixture.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace std::chrono_literals;

class TestTlsExpiry final : public ClientFixture
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QProcess m_server;
    quint16 m_port = 0;

private slots:
    void initTestCase()
    {
        registerTypes();
        const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
        QVERIFY2(!openssl.isEmpty(), "openssl is not installed: run installer/install-deps.sh");
        // A certificate valid for 10 days from now.
        QProcess make;
        make.setProcessChannelMode(QProcess::MergedChannels);
        make.start(openssl,
                   {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                    QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-days"), QStringLiteral("10"),
                    QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1"), QStringLiteral("-keyout"),
                    m_dir.filePath(QStringLiteral("key.pem")), QStringLiteral("-out"),
                    m_dir.filePath(QStringLiteral("cert.pem"))});
        QVERIFY(make.waitForFinished(60000));
        QVERIFY2(make.exitCode() == 0, make.readAll().constData());
        m_port = closedPort(); // free now; the server listens on it
        QVERIFY(m_port != 0);
        m_server.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_server.start(openssl,
                       {QStringLiteral("s_server"), QStringLiteral("-quiet"), QStringLiteral("-www"),
                        QStringLiteral("-accept"), QStringLiteral("127.0.0.1:%1").arg(m_port), QStringLiteral("-cert"),
                        m_dir.filePath(QStringLiteral("cert.pem")), QStringLiteral("-key"),
                        m_dir.filePath(QStringLiteral("key.pem"))});
        QVERIFY(m_server.waitForStarted(5000));
        QTRY_VERIFY_WITH_TIMEOUT(acceptsConnections(m_port), 10000);
    }

    void cleanupTestCase()
    {
        m_server.kill();
        m_server.waitForFinished(5000);
    }

    void init() { setUp(); }
    void cleanup() { tearDown(); }

    void expiryIsReadFromTheHandshake()
    {
        Endpoint e = endpoint(QStringLiteral("/"));
        e.url = QUrl(QStringLiteral("https://127.0.0.1:%1/").arg(m_port));
        e.retry.maxAttempts = 1;
        QCOMPARE(run(e).outcome, AttemptOutcome::Failed);
        const AttemptRecord &r = m_records.first();
        QCOMPARE(categoryName(r.category), QLatin1String("tls_error")); // self-signed: refused, never ignored
        QVERIFY(r.certificateExpiryUtc.isValid());
        const qint64 left = QDateTime::currentDateTimeUtc().secsTo(r.certificateExpiryUtc);
        QVERIFY2(left > 10 * 86400 - 600 && left <= 10 * 86400, qPrintable(QString::number(left)));

        // Plain http has no certificate to tell of.
        m_records.clear();
        QCOMPARE(run(endpoint(QStringLiteral("/ok"))).outcome, AttemptOutcome::Success);
        QVERIFY(!m_records.first().certificateExpiryUtc.isValid());
    }
};

QTEST_GUILESS_MAIN(TestTlsExpiry)
#include "tst_tlsexpiry.moc"
