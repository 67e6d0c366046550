// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/net/attempt.h"
#include "core/net/attemptrecord.h"
#include "core/net/managerpool.h"
#include "core/policy/errorclassifier.h"
#include "core/policy/ratelimitquota.h"
#include "core/util/clock.h"
#include "core/util/latewake.h"

#include <QNetworkProxy>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

// One attempt on a QNetworkAccessManager from the pool: it waits (measured,
// as `phases.queued`) only when every connection the pool may open to the
// origin is busy; the timeout and the latency run from the moment it is
// handed to a connection. Redirects are followed by hand (Qt's own following
// sometimes transmits twice; see docs/qt-network-notes.md); every
// transmission Qt makes is counted, and an at-most-once request is never
// re-sent; the body is read up to a cap and never buffered beyond it; TLS
// errors are never ignored.
class HttpAttempt final : public Attempt
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpAttempt)

public:
    HttpAttempt(ManagerPool &pool, const Clock &clock, AttemptRequest request, QObject *parent = nullptr);
    ~HttpAttempt() override;

    void start() override;
    void cancel(const QString &why) override;
    [[nodiscard]] bool isRunning() const override { return m_ticket != 0; }

private:
    void acquire(const QUrl &url);
    void handOver();
    void releaseConnection();
    bool allowRewind();
    // This hop's response status has arrived.
    [[nodiscard]] bool hopAnswered() const;
    void countHopTransmissions();
    void sendHop();
    void readBody();
    void hopFinished();
    bool followRedirect(int status);
    void abortWith(AbortReason reason);
    void complete(QNetworkReply::NetworkError error, std::optional<int> status, const QString &errorText);
    [[nodiscard]] std::chrono::milliseconds sinceStart() const;
    // Qt's error strings quote the URL, password and all: never recorded so.
    [[nodiscard]] QString withoutSecrets(const QString &errorText) const;

    ManagerPool &m_pool;
    ManagerPool::Lane m_lane; // the pool's, while m_ticket is held
    QNetworkProxy m_proxy{QNetworkProxy::NoProxy}; // this hop's
    quint64 m_ticket = 0;
    const Clock &m_clock;
    AttemptRequest m_request;
    QPointer<QNetworkReply> m_reply;
    QTimer m_timeout;
    LateWake::Moment m_timeoutDue; // when m_timeout should fire, by both clocks
    QString m_cancelText = QStringLiteral("cancelled"); // the error of a cancelled attempt
    Clock::TimePoint m_started{};
    // This hop's evidence of what went on the wire (see countHopTransmissions).
    int m_hopRequestSent = 0; // QNetworkReply::requestSent signals
    int m_hopResends = 0; // rewinds Qt asked for and got
    bool m_hopResendRefused = false;
    bool m_acquiring = false; // inside m_pool.acquire(): a lane given now is no wait
    AttemptResult m_result;
    AbortReason m_abort = AbortReason::None;
    bool m_bodyCapHit = false;
};
