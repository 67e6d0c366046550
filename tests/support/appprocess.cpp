// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/appprocess.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QJsonDocument>
#include <QRegularExpression>

QProcessEnvironment privateEnvironment(const QString &home)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
        environment.remove(QString::fromLatin1(name));
    environment.insert(QStringLiteral("HOME"), home);
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/.config"));
    environment.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/.local/share"));
    return environment;
}

ProgramRun runToEnd(const QString &binary, const QStringList &arguments, const QProcessEnvironment &environment,
                    int timeoutMs)
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(binary, arguments);
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        return {};
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2,
            QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError())};
}

bool writeJsonFile(const QString &path, const QJsonObject &object)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(QJsonDocument(object).toJson()) > 0 && file.flush();
}

QUrl startAgent(QProcess &agent, const QString &binary, const QString &home, const QString &config,
                const QStringList &extra, QByteArray &out, int timeoutMs)
{
    agent.setProcessEnvironment(privateEnvironment(home));
    QStringList arguments{QStringLiteral("--headless"), QStringLiteral("--metrics-port"), QStringLiteral("0")};
    if (!config.isEmpty())
        arguments << QStringLiteral("--config") << config;
    agent.start(binary, arguments + extra);
    static const QRegularExpression pattern(QStringLiteral("metrics at (http://\\S+/metrics)"));
    const QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired() && agent.state() != QProcess::NotRunning) {
        agent.waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime())));
        out += agent.readAllStandardOutput();
        if (const auto match = pattern.match(QString::fromUtf8(out)); match.hasMatch())
            return QUrl(match.captured(1));
    }
    return {};
}
