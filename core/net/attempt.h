// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/config/proxyrules.h"
#include "core/config/tlssettings.h"
#include "core/net/attemptrecord.h"
#include "core/policy/errorclassifier.h"
#include "core/policy/ratelimitquota.h"

#include <QObject>
#include <QUrl>

#include <functional>
#include <optional>

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
    // For https: the files' certificates (read), the name to verify.
    TlsSettings tls;
    // The proxy: the endpoint's, or the environment's for each URL (none
    // when neither names one).
    ProxyRules::Choice proxy;
    // proxy.forUrl(url), worked out once when the request is built; empty:
    // worked out when sent. A redirect's hop asks `proxy` again.
    std::optional<ProxyRules::Parsed> proxyForUrl;
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
    QString proxy; // the proxy the last hop went through, as ProxyRules::describe writes it; empty: direct
};

// One attempt as a retry cycle sees it: started, perhaps cancelled, and
// finished exactly once. On the wire it is an HttpAttempt; in the policy lab
// an answer from the recorded service, in virtual time.
class Attempt : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Attempt)

public:
    using QObject::QObject;
    ~Attempt() override = default;

    virtual void start() = 0;
    // Aborts a running attempt, recording `why` as its error ("cancelled"
    // when empty); finished() is emitted before this returns.
    virtual void cancel(const QString &why) = 0;
    [[nodiscard]] virtual bool isRunning() const = 0;

signals:
    void finished(const AttemptResult &result);
};

// Makes the attempt that sends `request` (a child of `parent`).
using AttemptFactory = std::function<Attempt *(const AttemptRequest &request, QObject *parent)>;
