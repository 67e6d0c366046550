// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QProcess>
#include <QTemporaryDir>
#include <QUrl>

// A TLS server nobody here wrote: Debian's `openssl s_server -www` on
// 127.0.0.1, with a self-signed certificate for 127.0.0.1 made for it that
// is valid for the given number of days from now. Stopped when destroyed.
class OpensslServer
{
public:
    OpensslServer() = default;
    ~OpensslServer();
    Q_DISABLE_COPY_MOVE(OpensslServer)

    // Makes the certificate and starts the server; empty once it accepts
    // connections, else what went wrong.
    [[nodiscard]] QString start(int validDays);
    [[nodiscard]] QUrl url() const { return QUrl(QStringLiteral("https://127.0.0.1:%1/").arg(m_port)); }

private:
    QTemporaryDir m_dir;
    QProcess m_process;
    quint16 m_port = 0;
};
