// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/policy/errorcategory.h"

#include <QByteArrayView>
#include <QNetworkReply>

#include <optional>

struct RetryPolicy;

// Why the client itself aborted a reply, if it did: Qt reports both as
// OperationCanceledError, so the client has to say which it was.
enum class AbortReason { None, Timeout, Cancelled };

// What one attempt ended with, as far as classification needs to know.
struct ReplyOutcome
{
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    std::optional<int> httpStatus; // the final response's status, if one arrived
    AbortReason abort = AbortReason::None;
};

struct Classification
{
    ErrorCategory category = ErrorCategory::Ok;
    // The category came from a complete response's status (docs/attempt-log.md: such
    // failures are retried per `retryOnStatus`; the rest per `retryOnErrors`).
    bool fromStatus = false;
    std::optional<int> httpStatus;

    friend bool operator==(const Classification &, const Classification &) = default;
};

enum class RetryVerdict {
    Success, // nothing to retry
    Retry, // a retriable failure of a method that may be retried
    NotRetriable, // reason `not_retriable`
    NonIdempotent, // reason `non_idempotent`: retriable, but not for this method
};

namespace ErrorClassifier {

// docs/attempt-log.md. `expectStatus` empty means "any 2xx". A transport error, a
// timeout or a cancellation wins over a status that arrived before it: a
// response cut off mid-body is no complete response.
[[nodiscard]] Classification classify(const ReplyOutcome &outcome, const QList<int> &expectStatus = {});

// Whether a failure of this kind is retried by `policy`, regardless of the
// method: the CSV's `retriable` column. Always false for `ok`, `cancelled`
// and `circuit_open`.
[[nodiscard]] bool isRetriableKind(const RetryPolicy &policy, const Classification &classification);

// RFC 9110 §9.2.2: GET, HEAD, OPTIONS, PUT, DELETE and TRACE. Methods are
// case-sensitive; anything else (POST, PATCH, CONNECT, custom verbs, "get")
// counts as not idempotent, which is the safe side.
[[nodiscard]] bool isIdempotentMethod(QByteArrayView method);

// Whether a request may go on the wire more than once: idempotent methods,
// and others only with `idempotencyKey` or `retryNonIdempotent`. Otherwise it
// is sent at most once, also by the transport underneath.
[[nodiscard]] bool mayRepeat(QByteArrayView method, bool idempotencyKey, bool retryNonIdempotent);

// The whole decision for one attempt, apart from attempts left, deadline,
// budget and breaker: its kind, then whether the method may be repeated
// (`idempotencyKey` on, or `retryNonIdempotent`).
[[nodiscard]] RetryVerdict decide(const RetryPolicy &policy, const Classification &classification,
                                  QByteArrayView method, bool idempotencyKey);

} // namespace ErrorClassifier
