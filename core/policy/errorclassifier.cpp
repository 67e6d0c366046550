// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/policy/errorclassifier.h"

#include "core/policy/retrypolicy.h"

#include <array>

namespace {

using Error = QNetworkReply::NetworkError;

// Qt's transport-level errors (1-199): the exchange itself failed, whatever
// status may have arrived before. The remaining codes (201-499) are Qt's
// names for HTTP statuses, or protocol-level failures.
std::optional<ErrorCategory> transportCategory(Error error)
{
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::ProxyConnectionRefusedError: return ErrorCategory::ConnectionRefused;
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::ProxyConnectionClosedError: return ErrorCategory::ConnectionReset;
    case QNetworkReply::HostNotFoundError:
    case QNetworkReply::ProxyNotFoundError: return ErrorCategory::DnsFailure;
    case QNetworkReply::TimeoutError:
    case QNetworkReply::ProxyTimeoutError: return ErrorCategory::Timeout;
    case QNetworkReply::OperationCanceledError:
        // Nobody but the app aborts a reply; the client passes Timeout or
        // Cancelled explicitly when it knows which.
        return ErrorCategory::Cancelled;
    case QNetworkReply::SslHandshakeFailedError: return ErrorCategory::TlsError;
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::BackgroundRequestNotAllowedError:
    case QNetworkReply::UnknownNetworkError:
    case QNetworkReply::UnknownProxyError: return ErrorCategory::NetworkError;
    default:
        // TooManyRedirects and InsecureRedirect end on a 3xx response, which
        // is classified by its status below; the rest are content, protocol
        // and server codes.
        return std::nullopt;
    }
}

bool expected(int status, const QList<int> &expectStatus)
{
    if (expectStatus.isEmpty())
        return status >= 200 && status <= 299;
    return expectStatus.contains(status);
}

ErrorCategory statusCategory(int status)
{
    if (status == 408)
        return ErrorCategory::Timeout;
    if (status == 429)
        return ErrorCategory::RateLimited;
    if (status >= 500 && status <= 599)
        return ErrorCategory::ServerError;
    if (status >= 400 && status <= 499)
        return ErrorCategory::ClientError;
    return ErrorCategory::UnexpectedStatus;
}

constexpr std::array<const char *, 6> idempotentMethods{"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"};

} // namespace

Classification ErrorClassifier::classify(const ReplyOutcome &outcome, const QList<int> &expectStatus)
{
    switch (outcome.abort) {
    case AbortReason::Timeout: return {ErrorCategory::Timeout, false, outcome.httpStatus};
    case AbortReason::Cancelled: return {ErrorCategory::Cancelled, false, outcome.httpStatus};
    case AbortReason::None: break;
    }
    // The proxy wants credentials it was not given (407, or a SOCKS5
    // refusal): a client error like 401, and like a transport error not
    // read from the server's answer, so never retried (retryOnErrors cannot
    // name client_error). Recorded with 407, as curl reports it.
    if (outcome.error == QNetworkReply::ProxyAuthenticationRequiredError)
        return {ErrorCategory::ClientError, false, 407};
    if (const auto category = transportCategory(outcome.error))
        return {*category, false, outcome.httpStatus};
    if (!outcome.httpStatus) {
        // A protocol or content error without any response: the server spoke
        // something that was not HTTP, or Qt failed before a status line.
        return {ErrorCategory::NetworkError, false, std::nullopt};
    }
    const int status = *outcome.httpStatus;
    if (expected(status, expectStatus))
        return {ErrorCategory::Ok, true, status};
    return {statusCategory(status), true, status};
}

bool ErrorClassifier::isRetriableKind(const RetryPolicy &policy, const Classification &classification)
{
    if (classification.fromStatus) {
        return classification.category != ErrorCategory::Ok && classification.httpStatus
            && policy.retryOnStatus.contains(*classification.httpStatus);
    }
    return isRetryOnErrorsCategory(classification.category) && policy.retryOnErrors.contains(classification.category);
}

bool ErrorClassifier::isIdempotentMethod(QByteArrayView method)
{
    for (const char *candidate : idempotentMethods) {
        if (method == QByteArrayView(candidate))
            return true;
    }
    return false;
}

bool ErrorClassifier::mayRepeat(QByteArrayView method, bool idempotencyKey, bool retryNonIdempotent)
{
    return isIdempotentMethod(method) || idempotencyKey || retryNonIdempotent;
}

RetryVerdict ErrorClassifier::decide(const RetryPolicy &policy, const Classification &classification,
                                     QByteArrayView method, bool idempotencyKey)
{
    if (classification.category == ErrorCategory::Ok)
        return RetryVerdict::Success;
    if (!isRetriableKind(policy, classification))
        return RetryVerdict::NotRetriable;
    if (!mayRepeat(method, idempotencyKey, policy.retryNonIdempotent))
        return RetryVerdict::NonIdempotent;
    return RetryVerdict::Retry;
}
