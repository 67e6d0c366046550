// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/net/attemptrecord.h"
#include "core/net/managerpool.h"
#include "core/policy/errorclassifier.h"
#include "core/policy/ratelimitquota.h"
#include "core/util/clock.h"

#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

// What one attempt sends. Header values are already resolved.
struct AttemptRequest
{
    QUrl url;
    QByteArray method = "GET";
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    std::chrono::milliseconds timeout{10000};
    qint64 maxBodyBytes = 1024 * 1024; // docs/endpoints-file.md: bodies are read up to 1 MiB
    int maxRedirects = 5;
    // A request that may not be repeated (POST or PATCH without
    // `idempotencyKey` or `retryNonIdempotent`) goes on the wire at most
    // once: on a connection of its own, and never re-sent by Qt.
    bool atMostOnce = false;
    // Keep the body read (up to maxBodyBytes) for the `assert` checks;
    // otherwise it is counted and dropped.
    bool keepBody = false;
};

// What one attempt ended with.
struct AttemptResult
{
    ReplyOutcome outcome;
    QString errorText; // empty when the exchange itself worked
    // From the request being handed to a connection to the end; meaningless
    // when `handedOver` is false (the attempt ended while still waiting).
    std::chrono::milliseconds latency{0};
    bool handedOver = false;
    PhaseTimings phases;
    int transmissions = 0;
    int redirects = 0;
    qint64 bodyBytes = 0;
    bool bodyCapped = false;
    QByteArray body; // the final answer's body, when the request asked to keep it
    // When the server's certificate expires (https only; seen in the
    // handshake even when the certificate is refused).
    QDateTime certificateExpiryUtc;
    QByteArray retryAfter; // null when absent
    QByteArray date; // the response's Date field, null when absent
    RateLimitQuota::Fields rateLimit; // the quota fields, null when absent (Date included)
    QUrl finalUrl;
};

// One attempt on a QNetworkAccessManager from the pool: it waits (measured,
// as `phases.queued`) only when every connection the pool may open to the
// origin is busy; the timeout and the latency run from the moment it is
// handed to a connection. Redirects are followed by hand (Qt's own following
// sometimes transmits twice; see docs/qt-network-notes.md); every
// transmission Qt makes is counted, and an at-most-once request is never
// re-sent; the body is read up to a cap and never buffered beyond it; TLS
// errors are never ignored.
class HttpAttempt final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpAttempt)

public:
    HttpAttempt(ManagerPool &pool, const Clock &clock, AttemptRequest request, QObject *parent = nullptr);
    ~HttpAttempt() override;

    void start();
    // Aborts a running attempt; finished() is emitted before this returns.
    void cancel();
    [[nodiscard]] bool isRunning() const { return m_ticket != 0; }

signals:
    void finished(const AttemptResult &result);

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
    quint64 m_ticket = 0;
    const Clock &m_clock;
    AttemptRequest m_request;
    QPointer<QNetworkReply> m_reply;
    QTimer m_timeout;
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
