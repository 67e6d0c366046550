// SPDX-License-Identifier: GPL-3.0-or-later
// How long a server's certificate has left, read in the TLS handshake of a
// real server nobody here wrote (openssl s_server from Debian) with a
// self-signed certificate the test makes: refused (nothing is ever
// ignored), but its expiry still known, as blackbox_exporter reports it.
#include "tests/support/clientfixture.h"
#include "tests/support/opensslserver.h"

#include <QTest>

using namespace std::chrono_literals;

class TestTlsExpiry final : public ClientFixture
{
    Q_OBJECT

    OpensslServer m_server; // valid for 10 days

private slots:
    void initTestCase()
    {
        registerTypes();
        const QString problem = m_server.start(10);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void init() { setUp(); }
    void cleanup() { tearDown(); }

    void expiryIsReadFromTheHandshake()
    {
        Endpoint e = endpoint(QStringLiteral("/"));
        e.url = m_server.url();
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
