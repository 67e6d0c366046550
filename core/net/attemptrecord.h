// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/breaker/breakerpolicy.h"
#include "core/policy/errorcategory.h"

#include <QDateTime>

#include <chrono>
#include <optional>

// docs/attempt-log.md `outcome`.
enum class AttemptOutcome { Success, Retry, Failed, Rejected };

// docs/attempt-log.md `reason`: why a cycle ended on an attempt.
enum class CycleEndReason {
    NotRetriable,
    NonIdempotent,
    RetryAfterTooLong,
    MaxAttempts,
    Deadline,
    CircuitOpen,
    BudgetExhausted,
    Cancelled,
};

[[nodiscard]] QLatin1String outcomeName(AttemptOutcome outcome);
[[nodiscard]] QLatin1String reasonName(CycleEndReason reason);
[[nodiscard]] std::optional<AttemptOutcome> outcomeFromName(QAnyStringView name);
[[nodiscard]] std::optional<CycleEndReason> reasonFromName(QAnyStringView name);

// When the phases of an attempt happened, in ms after the attempt started,
// where Qt reports them (docs/attempt-log.md leaves room for these after its columns).
struct PhaseTimings
{
    std::optional<std::chrono::milliseconds> connecting; // socketStartedConnecting
    std::optional<std::chrono::milliseconds> encrypted; // TLS handshake done
    std::optional<std::chrono::milliseconds> requestSent; // first transmission done
    std::optional<std::chrono::milliseconds> firstByte; // response head received
    std::optional<std::chrono::milliseconds> finished;
    // Handed to a connection (`queue_ms`): 0 when it never waited, empty
    // when it never tried to send; the phases above count from the start.
    std::optional<std::chrono::milliseconds> queued;

    friend bool operator==(const PhaseTimings &, const PhaseTimings &) = default;
};

// One attempt: every column of docs/attempt-log.md, then what the client knows beyond it.
struct AttemptRecord
{
    QDateTime timeUtc; // when the attempt started
    QString endpoint;
    QByteArray method;
    QString url; // credentials redacted
    qint64 cycle = 0;
    int attempt = 0;
    AttemptOutcome outcome = AttemptOutcome::Success;
    ErrorCategory category = ErrorCategory::Ok;
    std::optional<int> httpStatus;
    std::optional<bool> retriable; // empty on success
    std::optional<CycleEndReason> reason;
    std::optional<std::chrono::milliseconds> latency; // empty when not sent
    std::optional<std::chrono::milliseconds> delay; // wait scheduled after this attempt
    std::optional<std::chrono::milliseconds> retryAfter;
    BreakerState breakerState = BreakerState::Closed;
    QString error;
    // Log version 2's later columns.
    bool slow = false; // a success at or above breaker.slowCallDurationMs
    std::optional<qint64> rateLimitRemaining; // the quota the response announced
    std::optional<std::chrono::milliseconds> rateLimitReset; // until that quota resets

    // Beyond docs/attempt-log.md's columns.
    int transmissions = 0; // how often the request went on the wire (docs/qt-network-notes.md)
    int redirects = 0;
    qint64 bodyBytes = 0;
    PhaseTimings phases;
    QString breaker; // the breaker's name: the endpoint's, or the shared key
    QDateTime certificateExpiryUtc; // https: when the server's certificate expires (not logged)
    // The proxy the request went through ("http://proxy.corp:3128", never
    // the credentials); empty when it went direct (not logged: the error says it).
    QString proxy;

    friend bool operator==(const AttemptRecord &, const AttemptRecord &) = default;
};

// What decided a wait: the backoff draw, the server's Retry-After, or an
// exhausted quota's reset (rate-limit pacing).
enum class WaitSource : quint8 { Backoff, RetryAfter, Pacing };
// Told from what the attempt log keeps: a wait is the Retry-After's when
// that is at least as long as the wait, the quota's when the answer said
// none was left and the wait reaches its reset, else the backoff's.
[[nodiscard]] WaitSource waitSource(qint64 delayMs, std::optional<qint64> retryAfterMs,
                                    std::optional<qint64> quotaRemaining, std::optional<qint64> quotaResetMs);

// Replaces the user-info of a URL with "***" (docs/attempt-log.md: secrets never appear).
[[nodiscard]] QString redactedUrl(const QUrl &url);
