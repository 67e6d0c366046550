// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/nginxserver.h"

#include "tests/support/localports.h"

#include <QFile>
#include <QStandardPaths>
#include <QTest>

NginxServer::~NginxServer()
{
    m_process.terminate();
    if (!m_process.waitForFinished(5000))
        m_process.kill();
}

QString NginxServer::start(const QString &http, const QList<quint16> &ports)
{
    const QString nginx = QStandardPaths::findExecutable(QStringLiteral("nginx"), {QStringLiteral("/usr/sbin")});
    if (nginx.isEmpty())
        return QStringLiteral("nginx is not installed: run installer/install-deps.sh");
    if (!m_dir.isValid())
        return QStringLiteral("no temporary folder for nginx");
    QFile conf(m_dir.filePath(QStringLiteral("nginx.conf")));
    if (!conf.open(QIODevice::WriteOnly))
        return QStringLiteral("cannot write ") + conf.fileName();
    conf.write(QStringLiteral("daemon off;\n"
                              "master_process off;\n"
                              "worker_processes 1;\n"
                              "pid %1/nginx.pid;\n"
                              "error_log %1/error.log;\n"
                              "events { worker_connections 1024; }\n"
                              "http {\n"
                              "    client_body_temp_path %1/body;\n"
                              "    proxy_temp_path %1/proxy;\n"
                              "    fastcgi_temp_path %1/fastcgi;\n"
                              "    uwsgi_temp_path %1/uwsgi;\n"
                              "    scgi_temp_path %1/scgi;\n"
                              "%2\n"
                              "}\n")
                   .arg(m_dir.path(), http)
                   .toUtf8());
    conf.close();
    m_process.setProcessChannelMode(QProcess::ForwardedChannels);
    m_process.start(nginx, {QStringLiteral("-p"), m_dir.path(), QStringLiteral("-c"), conf.fileName()});
    if (!m_process.waitForStarted(5000))
        return QStringLiteral("nginx did not start: ") + m_process.errorString();
    for (const quint16 port : ports) {
        if (!QTest::qWaitFor([port] { return LocalPorts::acceptsConnections(port); }, 10000))
            return QStringLiteral("nginx does not accept connections on port %1").arg(port);
    }
    return {};
}

QStringList NginxServer::logLines(const QString &name) const
{
    QFile file(m_dir.filePath(name));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QStringList lines;
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (!line.isEmpty())
            lines.append(QString::fromLatin1(line));
    }
    return lines;
}
