// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/monitor/connectivitycheck.h"

#include "core/config/proxyrules.h"
#include "core/net/attemptrecord.h"
#include "core/net/secretscrubber.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>

ConnectivityCheck::ConnectivityCheck(const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
    , m_manager(std::make_unique<QNetworkAccessManager>())
    , m_next(clock.timer([this] { check(); }))
    , m_timeout(clock.timer([this] {
        if (m_reply)
            m_reply->abort(); // finished() says it timed out
    }))
{
    m_manager->setRedirectPolicy(QNetworkRequest::NoLessSafeRedirectPolicy);
}

ConnectivityCheck::~ConnectivityCheck()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
    }
}

void ConnectivityCheck::setSettings(const ConnectivitySettings &settings, const QProcessEnvironment &environment)
{
    if (settings == m_settings && environment == m_environment)
        return;
    m_settings = settings;
    m_environment = environment;
    m_next->stop();
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
    m_timeout->stop();
    if (!m_settings.enabled()) {
        settle(true, {});
        return;
    }
    check();
}

void ConnectivityCheck::check()
{
    if (m_reply)
        return; // the last one is still running
    const ProxyRules::Parsed proxy = ProxyRules::fromEnvironment(m_settings.checkUrl, m_environment);
    if (!proxy.problem.isEmpty()) {
        settle(false, proxy.problem);
        m_next->start(m_settings.interval);
        return;
    }
    m_manager->setProxy(proxy.proxy);
    QNetworkRequest request(m_settings.checkUrl);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    m_reply = m_manager->get(request);
    connect(m_reply, &QNetworkReply::finished, this, &ConnectivityCheck::finished);
    m_timeout->start(m_settings.timeout());
}

void ConnectivityCheck::finished()
{
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    if (!reply)
        return;
    reply->deleteLater();
    const bool timedOut = !m_timeout->isActive();
    m_timeout->stop();
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    const QString url = redactedUrl(m_settings.checkUrl);
    if (timedOut) {
        settle(false,
               QStringLiteral("the check %1 got no answer within %2 ms").arg(url).arg(m_settings.timeout().count()));
    } else if (status.isValid() && status.toInt() / 100 == 2 && reply->error() == QNetworkReply::NoError) {
        settle(true, {});
    } else if (status.isValid()) {
        settle(false, QStringLiteral("the check %1 answered HTTP %2").arg(url).arg(status.toInt()));
    } else {
        SecretScrubber secrets;
        secrets.addUrl(m_settings.checkUrl);
        settle(false, QStringLiteral("the check %1 failed: %2").arg(url, secrets.scrub(reply->errorString())));
    }
    m_next->start(m_settings.interval);
}

void ConnectivityCheck::settle(bool online, const QString &reason)
{
    if (online == m_online && (online || reason == m_reason))
        return;
    const bool change = online != m_online;
    m_online = online;
    m_reason = reason;
    if (change)
        emit changed(online, reason);
}
