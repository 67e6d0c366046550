// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAnyStringView>
#include <QLatin1String>
#include <QList>

#include <optional>

// docs/attempt-log.md: exactly one category per attempt. The enumerators are listed in the
// the order of precedence in docs/attempt-log.md.
enum class ErrorCategory {
    Ok,
    CircuitOpen,
    AssertionFailed, // the status was expected, an `assert` check failed
    Timeout,
    ConnectionRefused,
    ConnectionReset,
    DnsFailure,
    TlsError,
    NetworkError,
    RateLimited,
    ServerError,
    ClientError,
    UnexpectedStatus,
    Cancelled,
};

// The exact name used in config files, CSV files and on the console.
[[nodiscard]] QLatin1String categoryName(ErrorCategory category);
[[nodiscard]] std::optional<ErrorCategory> categoryFromName(QAnyStringView name);
[[nodiscard]] const QList<ErrorCategory> &allCategories();

// Failures of the transport rather than of the HTTP exchange.
[[nodiscard]] bool isTransportCategory(ErrorCategory category);
// The categories `retry.retryOnErrors` may list: the transport's, and
// assertion_failed (an answer came, but not the one wanted).
[[nodiscard]] bool isRetryOnErrorsCategory(ErrorCategory category);

// docs/endpoints-file.md: whether the circuit breaker and the retry budget count an attempt of
// this category as a failure. client_error and unexpected_status are the
// caller's problem; cancelled and circuit_open attempts count for nothing.
[[nodiscard]] bool countsAsFailure(ErrorCategory category);
