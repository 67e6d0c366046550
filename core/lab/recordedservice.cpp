// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/lab/recordedservice.h"

using std::chrono::milliseconds;

namespace Lab {

namespace {

// The transport error behind a category without a status: the first Qt error
// the live classifier puts in that category.
QNetworkReply::NetworkError transportError(ErrorCategory category)
{
    switch (category) {
    case ErrorCategory::ConnectionRefused: return QNetworkReply::ConnectionRefusedError;
    case ErrorCategory::ConnectionReset: return QNetworkReply::RemoteHostClosedError;
    case ErrorCategory::DnsFailure: return QNetworkReply::HostNotFoundError;
    case ErrorCategory::TlsError: return QNetworkReply::SslHandshakeFailedError;
    default: return QNetworkReply::UnknownNetworkError;
    }
}

QByteArray wholeSeconds(milliseconds ms)
{
    return QByteArray::number((std::max<qint64>(ms.count(), 0) + 999) / 1000);
}

} // namespace

const QByteArray RecordedService::assertionMarker = QByteArrayLiteral("retryscope-lab-expected-answer");

RecordedService::RecordedService(const ServiceModel &model)
    : m_model(model)
{ }

VirtualAnswer RecordedService::answer(const Clock &clock)
{
    VirtualAnswer answer;
    const Observation *seen = m_model.answerAt(clock.utcNow().toMSecsSinceEpoch(), m_hint);
    answer.overhead = m_model.attemptOverhead();
    if (!seen)
        return answer; // nothing was ever answered: never comes
    answer.after = seen->latency;
    if (seen->censored() && !seen->httpStatus) {
        // Only known not to come within the recorded latency: a timeout
        // there, or at the request's own timeout when that is shorter.
        ++m_censored;
        answer.result.outcome = {QNetworkReply::OperationCanceledError, std::nullopt, AbortReason::Timeout};
        answer.result.errorText
            = QStringLiteral("no complete response within %1 ms (recorded)").arg(seen->latency.count());
        return answer;
    }
    AttemptResult &result = answer.result;
    if (seen->httpStatus) {
        result.outcome.httpStatus = seen->httpStatus;
        if (seen->category != ErrorCategory::AssertionFailed)
            result.body = assertionMarker;
    } else {
        result.outcome.error = transportError(seen->category);
        result.errorText = QStringLiteral("%1 (recorded)").arg(categoryName(seen->category));
    }
    if (seen->retryAfter)
        result.retryAfter = wholeSeconds(*seen->retryAfter);
    if (seen->rateLimitRemaining) {
        result.rateLimit.xRemaining = QByteArray::number(*seen->rateLimitRemaining);
        if (seen->rateLimitReset)
            result.rateLimit.xReset = wholeSeconds(*seen->rateLimitReset);
    }
    return answer;
}

} // namespace Lab
