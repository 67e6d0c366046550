// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>

// Debian's nginx, a server nobody here wrote, run by a test in a folder of
// its own: in the foreground, one worker, its temporary files, pid and logs
// in that folder. Stopped when destroyed.
class NginxServer
{
public:
    NginxServer() = default;
    ~NginxServer();
    Q_DISABLE_COPY_MOVE(NginxServer)

    // The folder the configuration may name for files of its own.
    [[nodiscard]] QString dir() const { return m_dir.path(); }

    // Starts nginx with `http` as the body of its http block (log formats,
    // servers; "access.log" in dir() is the usual log) and waits until each
    // of `ports` accepts connections. Empty, or what went wrong.
    [[nodiscard]] QString start(const QString &http, const QList<quint16> &ports);

    // The lines of a log in dir(), "access.log" unless named.
    [[nodiscard]] QStringList logLines(const QString &name = QStringLiteral("access.log")) const;

private:
    QTemporaryDir m_dir;
    QProcess m_process;
};
