// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/opensslserver.h"

#include "tests/support/localports.h"

#include <QStandardPaths>
#include <QTest>

OpensslServer::~OpensslServer()
{
    m_process.kill();
    m_process.waitForFinished(5000);
}

QString OpensslServer::start(int validDays)
{
    const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    if (openssl.isEmpty())
        return QStringLiteral("openssl is not installed: run installer/install-deps.sh");
    const QString key = m_dir.filePath(QStringLiteral("key.pem"));
    const QString certificate = m_dir.filePath(QStringLiteral("cert.pem"));
    QProcess make;
    make.setProcessChannelMode(QProcess::MergedChannels);
    make.start(openssl,
               {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
                QStringLiteral("-nodes"), QStringLiteral("-days"), QString::number(validDays), QStringLiteral("-subj"),
                QStringLiteral("/CN=127.0.0.1"), QStringLiteral("-keyout"), key, QStringLiteral("-out"), certificate});
    if (!make.waitForFinished(60000) || make.exitCode() != 0)
        return QStringLiteral("openssl req failed: ") + QString::fromLocal8Bit(make.readAll());
    m_port = LocalPorts::closed(); // free now; the server listens on it
    if (m_port == 0)
        return QStringLiteral("no free port on 127.0.0.1");
    m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_process.start(openssl,
                    {QStringLiteral("s_server"), QStringLiteral("-quiet"), QStringLiteral("-www"),
                     QStringLiteral("-accept"), QStringLiteral("127.0.0.1:%1").arg(m_port), QStringLiteral("-cert"),
                     certificate, QStringLiteral("-key"), key});
    if (!m_process.waitForStarted(5000))
        return QStringLiteral("openssl s_server did not start: ") + m_process.errorString();
    if (!QTest::qWaitFor([this] { return LocalPorts::acceptsConnections(m_port); }, 10000))
        return QStringLiteral("openssl s_server does not accept connections on port %1").arg(m_port);
    return {};
}
