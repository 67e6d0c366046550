// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/monitor/demoendpoints.h"

#include <QJsonArray>

QJsonObject demoEndpointsJson(const QUrl &faultServer, quint16 refusedPort)
{
    const auto url
        = [&faultServer](const char *path) { return faultServer.resolved(QUrl(QString::fromLatin1(path))).toString(); };
    const QJsonArray endpoints{
        QJsonObject{{QStringLiteral("name"), QStringLiteral("healthy")},
                    {QStringLiteral("url"), url("/ok")},
                    {QStringLiteral("intervalMs"), 1000}},
        QJsonObject{{QStringLiteral("name"), QStringLiteral("flaky")},
                    {QStringLiteral("url"), url("/flaky?fail=0.5&code=503")},
                    {QStringLiteral("intervalMs"), 1000},
                    // Equal jitter keeps each delay at least as long as the
                    // one before it, so the growth is plain to see.
                    {QStringLiteral("retry"),
                     QJsonObject{{QStringLiteral("maxAttempts"), 4},
                                 {QStringLiteral("initialDelayMs"), 100},
                                 {QStringLiteral("maxDelayMs"), 2000},
                                 {QStringLiteral("jitter"), QStringLiteral("equal")}}},
                    {QStringLiteral("budget"), QJsonObject{{QStringLiteral("maxTokens"), 20}}},
                    {QStringLiteral("breaker"), QJsonObject{{QStringLiteral("failureThreshold"), 8}}}},
        QJsonObject{{QStringLiteral("name"), QStringLiteral("outage")},
                    {QStringLiteral("url"), url("/outage?up_s=4&down_s=6&code=503")},
                    {QStringLiteral("intervalMs"), 500},
                    {QStringLiteral("retry"),
                     QJsonObject{{QStringLiteral("maxAttempts"), 3},
                                 {QStringLiteral("initialDelayMs"), 100},
                                 {QStringLiteral("maxDelayMs"), 800},
                                 {QStringLiteral("jitter"), QStringLiteral("equal")}}},
                    {QStringLiteral("breaker"),
                     QJsonObject{{QStringLiteral("failureThreshold"), 3},
                                 {QStringLiteral("openMs"), 1500},
                                 {QStringLiteral("maxOpenMs"), 6000}}}},
        QJsonObject{{QStringLiteral("name"), QStringLiteral("rate-limited")},
                    {QStringLiteral("url"), url("/ratelimit?rps=1")},
                    {QStringLiteral("intervalMs"), 400},
                    {QStringLiteral("headers"), QJsonObject{{QStringLiteral("X-Client-Id"), QStringLiteral("demo")}}},
                    {QStringLiteral("retry"),
                     QJsonObject{{QStringLiteral("maxAttempts"), 3}, {QStringLiteral("initialDelayMs"), 100}}}},
        QJsonObject{{QStringLiteral("name"), QStringLiteral("unauthorized")},
                    {QStringLiteral("url"), url("/status/401")},
                    {QStringLiteral("intervalMs"), 2000}},
        QJsonObject{{QStringLiteral("name"), QStringLiteral("slow")},
                    {QStringLiteral("url"), url("/delay/1500")},
                    {QStringLiteral("intervalMs"), 2000},
                    {QStringLiteral("timeoutMs"), 800},
                    {QStringLiteral("retry"),
                     QJsonObject{{QStringLiteral("maxAttempts"), 2}, {QStringLiteral("initialDelayMs"), 200}}}},
        QJsonObject{{QStringLiteral("name"), QStringLiteral("refused")},
                    {QStringLiteral("url"), QStringLiteral("http://127.0.0.1:%1/").arg(refusedPort)},
                    {QStringLiteral("intervalMs"), 2000},
                    {QStringLiteral("retry"),
                     QJsonObject{{QStringLiteral("maxAttempts"), 3}, {QStringLiteral("initialDelayMs"), 100}}},
                    {QStringLiteral("breaker"),
                     QJsonObject{{QStringLiteral("failureThreshold"), 3}, {QStringLiteral("openMs"), 3000}}}},
    };
    return QJsonObject{{QStringLiteral("version"), 1}, {QStringLiteral("endpoints"), endpoints}};
}
