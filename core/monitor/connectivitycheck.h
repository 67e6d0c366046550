// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/config/connectivitysettings.h"
#include "core/util/clock.h"

#include <QObject>
#include <QPointer>
#include <QProcessEnvironment>

#include <memory>

class QNetworkAccessManager;
class QNetworkReply;

// Asks the `connectivity` check URL, every interval, whether this machine is
// online: a 2xx answer within min(5 s, the interval) says yes; anything else
// (no answer, another status) says no, with the reason. Starts online, and
// is online whenever there is no check URL. The proxy is the environment's,
// as for an endpoint without `proxy`.
class ConnectivityCheck final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectivityCheck)

public:
    explicit ConnectivityCheck(const Clock &clock, QObject *parent = nullptr);
    ~ConnectivityCheck() override;

    // Checks at once with these settings, then every interval; unchanged
    // settings change nothing. Without a check URL: online.
    void setSettings(const ConnectivitySettings &settings, const QProcessEnvironment &environment);

    [[nodiscard]] bool isOnline() const { return m_online; }
    // Why the machine is offline (empty while online).
    [[nodiscard]] QString reason() const { return m_reason; }
    [[nodiscard]] const ConnectivitySettings &settings() const { return m_settings; }

signals:
    // Online or offline; `reason` says why (the check's answer or error).
    void changed(bool online, const QString &reason);

private:
    void check();
    void finished();
    void settle(bool online, const QString &reason);

    const Clock &m_clock;
    ConnectivitySettings m_settings;
    QProcessEnvironment m_environment;
    std::unique_ptr<QNetworkAccessManager> m_manager;
    std::unique_ptr<ClockTimer> m_next; // the next check
    std::unique_ptr<ClockTimer> m_timeout; // the running check's
    QPointer<QNetworkReply> m_reply;
    bool m_online = true;
    QString m_reason;
};
