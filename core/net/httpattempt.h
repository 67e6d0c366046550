// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/net/attemptrecord.h"
#include "core/policy/errorclassifier.h"
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
    qint64 maxBodyBytes = 1024 * 1024; // SPEC §2: bodies are read up to 1 MiB
    int maxRedirects = 5;
};

// What one attempt ended with.
struct AttemptResult
{
    ReplyOutcome outcome;
    QString errorText; // empty when the exchange itself worked
    std::chrono::milliseconds latency{0};
    PhaseTimings phases;
    int transmissions = 0;
    int redirects = 0;
    qint64 bodyBytes = 0;
    bool bodyCapped = false;
    QByteArray retryAfter; // null when absent
    QByteArray date; // the response's Date field, null when absent
    QUrl finalUrl;
};

// One attempt on QNetworkAccessManager: redirects followed by hand (Qt's own
// following sometimes transmits twice; see docs/qt-network-notes.md), one
// timeout for the whole attempt (not only Qt's inactivity timeout), the body
// read up to a cap and never buffered beyond it, TLS errors never ignored.
class HttpAttempt final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpAttempt)

public:
    HttpAttempt(QNetworkAccessManager &manager, const Clock &clock, AttemptRequest request, QObject *parent = nullptr);
    ~HttpAttempt() override;

    void start();
    // Aborts a running attempt; finished() is emitted before this returns.
    void cancel();
    [[nodiscard]] bool isRunning() const { return m_reply != nullptr; }

signals:
    void finished(const AttemptResult &result);

private:
    void sendHop();
    void readBody();
    void hopFinished();
    bool followRedirect(int status);
    void abortWith(AbortReason reason);
    void complete(QNetworkReply::NetworkError error, std::optional<int> status, const QString &errorText);
    [[nodiscard]] std::chrono::milliseconds sinceStart() const;
    // Qt's error strings quote the URL, password and all: never recorded so.
    [[nodiscard]] QString withoutSecrets(const QString &errorText) const;

    QNetworkAccessManager &m_manager;
    const Clock &m_clock;
    AttemptRequest m_request;
    QPointer<QNetworkReply> m_reply;
    QTimer m_timeout;
    Clock::TimePoint m_started{};
    AttemptResult m_result;
    AbortReason m_abort = AbortReason::None;
    bool m_bodyCapHit = false;
};
