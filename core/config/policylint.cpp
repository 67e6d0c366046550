// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/config/policylint.h"

#include "core/config/headertemplate.h"
#include "core/config/proxyrules.h"
#include "core/policy/backoff.h"
#include "core/policy/errorclassifier.h"
#include "core/util/durationtext.h"

#include <QHostAddress>

using std::chrono::milliseconds;

namespace {

// A breaker that needs longer than this to open barely protects anything.
constexpr milliseconds slowBreaker = std::chrono::minutes(10);

milliseconds saturatingAdd(milliseconds a, milliseconds b)
{
    return std::min(RetryPolicy::maxDuration * 1000, a + b);
}

bool mayRetry(const Endpoint &endpoint)
{
    return ErrorClassifier::isIdempotentMethod(endpoint.method) || endpoint.idempotencyKey
        || endpoint.retry.retryNonIdempotent;
}

void appendTlsWarnings(const Endpoint &endpoint, QStringList &warnings)
{
    const TlsSettings &tls = endpoint.tls;
    if (endpoint.url.scheme() != QLatin1String("https")) {
        if (tls.any())
            warnings.append(QStringLiteral("The TLS settings do nothing for a plain http URL: only https "
                                           "connections use certificates."));
        return;
    }
    // A server name is for URLs that name an address; a host name in the
    // URL is what the certificate is usually for.
    if (!tls.serverName.isEmpty() && QHostAddress(endpoint.url.host()).isNull()
        && tls.serverName.compare(endpoint.url.host(), Qt::CaseInsensitive) != 0)
        warnings.append(QStringLiteral("The server name (%1) differs from the URL's host (%2): the certificate is "
                                       "checked for %1, and the server is told %1 (SNI). Usually it is only needed "
                                       "for a URL that names an IP address.")
                            .arg(tls.serverName, endpoint.url.host()));
    else if (!tls.serverName.isEmpty() && tls.serverName.compare(endpoint.url.host(), Qt::CaseInsensitive) == 0)
        warnings.append(QStringLiteral("The server name is the URL's host already: it changes nothing."));
    if (!tls.keyPassphrase.isEmpty() && HeaderTemplate::variables(tls.keyPassphrase).isEmpty())
        warnings.append(QStringLiteral("The key passphrase is written in the file as it is: write ${env:NAME} to "
                                       "read it from the environment instead."));
}

void appendProxyWarnings(const Endpoint &endpoint, QStringList &warnings)
{
    if (endpoint.proxy.isEmpty() || !HeaderTemplate::variables(endpoint.proxy).isEmpty())
        return;
    if (!ProxyRules::parse(endpoint.proxy).proxy.password().isEmpty())
        warnings.append(QStringLiteral("The proxy password is written in the file as it is: write ${env:NAME} in "
                                       "its place to read it from the environment instead."));
}

} // namespace

CycleTime worstCaseCycle(const Endpoint &endpoint)
{
    const RetryPolicy &policy = endpoint.retry;
    CycleTime time;
    time.attempts = mayRetry(endpoint) ? policy.maxAttempts : 1;
    for (int attempt = 1; attempt <= time.attempts; ++attempt) {
        time.worst = saturatingAdd(time.worst, endpoint.timeout);
        time.worstWithRetryAfter = saturatingAdd(time.worstWithRetryAfter, endpoint.timeout);
        if (attempt < time.attempts) {
            const milliseconds wait = Backoff::band(policy, attempt).max;
            time.worst = saturatingAdd(time.worst, wait);
            time.worstWithRetryAfter = saturatingAdd(
                time.worstWithRetryAfter, policy.respectRetryAfter ? std::max(wait, policy.maxRetryAfter) : wait);
        }
    }
    if (policy.deadline.count() > 0) {
        const milliseconds limit = saturatingAdd(policy.deadline, endpoint.timeout);
        time.worst = std::min(time.worst, limit);
        time.worstWithRetryAfter = std::min(time.worstWithRetryAfter, limit);
    }
    return time;
}

int cyclesToOpen(const Endpoint &endpoint)
{
    if (!endpoint.breaker.enabled)
        return 0;
    int threshold = endpoint.breaker.failureThreshold;
    if (endpoint.breaker.failureRatePercent > 0) // every call fails, so the rate rule fires at minimumCalls
        threshold = std::min(threshold, std::max(1, endpoint.breaker.minimumCalls));
    const int attempts = mayRetry(endpoint) ? endpoint.retry.maxAttempts : 1;
    RetryBudget budget(endpoint.budget);
    int failures = 0;
    for (int cycle = 1;; ++cycle) {
        for (int attempt = 1; attempt <= attempts; ++attempt) {
            if (attempt > 1 && !budget.allowsRetry())
                break;
            budget.recordFailure();
            if (++failures >= threshold)
                return cycle;
        }
    }
}

int cyclesToOpenWithoutRetries(const Endpoint &endpoint)
{
    if (!endpoint.breaker.enabled)
        return 0;
    if (!endpoint.budget.enabled)
        return cyclesToOpen(endpoint);
    int threshold = endpoint.breaker.failureThreshold;
    if (endpoint.breaker.failureRatePercent > 0)
        threshold = std::min(threshold, std::max(1, endpoint.breaker.minimumCalls));
    return threshold;
}

milliseconds outageToOpen(const Endpoint &endpoint, int cycles)
{
    return milliseconds(qint64(std::max(0, cycles - 1)) * endpoint.interval.count());
}

double budgetStopsRetriesAbove(const BudgetPolicy &budget)
{
    return budget.tokenRatio / (1.0 + budget.tokenRatio);
}

QStringList lintEndpoint(const Endpoint &endpoint, milliseconds plannedOutage)
{
    QStringList warnings;
    const RetryPolicy &policy = endpoint.retry;
    const bool retries = mayRetry(endpoint) && policy.maxAttempts > 1;

    QStringList pointless;
    for (const int status : {400, 401, 403, 404, 422}) {
        if (policy.retryOnStatus.contains(status))
            pointless.append(QString::number(status));
    }
    if (!pointless.isEmpty())
        warnings.append(QStringLiteral("Retries on %1: the request itself is wrong, so every retry fails the same "
                                       "way and only adds load.")
                            .arg(pointless.join(QStringLiteral(", "))));

    if (!ErrorClassifier::isIdempotentMethod(endpoint.method) && policy.retryNonIdempotent && !endpoint.idempotencyKey
        && policy.maxAttempts > 1)
        warnings.append(QStringLiteral("Retries %1 without an Idempotency-Key: when a response is lost, the server "
                                       "may apply the request twice. Turn on the idempotency key.")
                            .arg(QString::fromLatin1(endpoint.method)));

    if (retries && policy.jitter == JitterMode::None)
        warnings.append(QStringLiteral("Jitter is off: clients that fail together retry together, in lockstep, "
                                       "and hit the recovering server all at once."));

    if (retries && policy.deadline.count() > 0) {
        const milliseconds total{qint64(policy.maxAttempts) * policy.maxDelay.count()};
        if (total > policy.deadline)
            warnings.append(QStringLiteral("maxAttempts × maxDelay (%1) is beyond the deadline (%2): the last "
                                           "retries may never be made.")
                                .arg(durationText(total), durationText(policy.deadline)));
    }

    if (endpoint.timeout > endpoint.interval)
        warnings.append(QStringLiteral("The timeout (%1) is longer than the interval (%2): while the server hangs, "
                                       "polls come further apart than the interval.")
                            .arg(durationText(endpoint.timeout), durationText(endpoint.interval)));

    // A slow call is a success that took at least slowCallDurationMs; an
    // attempt ends at its timeout, so a threshold at or above it never fires.
    const milliseconds slowCall = endpoint.breaker.slowCallDuration;
    if (slowCall.count() > 0 && slowCall >= endpoint.timeout)
        warnings.append(QStringLiteral("The slow-call duration (%1) is not below the timeout (%2): an attempt that "
                                       "slow times out instead, so no call is ever counted as slow.")
                            .arg(durationText(slowCall), durationText(endpoint.timeout)));

    const milliseconds maxLatency = endpoint.assertions.maxLatency;
    if (maxLatency.count() > 0 && maxLatency >= endpoint.timeout)
        warnings.append(QStringLiteral("The latency check (%1) is not below the timeout (%2): an answer that slow "
                                       "times out instead, so the check never fails.")
                            .arg(durationText(maxLatency), durationText(endpoint.timeout)));

    appendTlsWarnings(endpoint, warnings);
    appendProxyWarnings(endpoint, warnings);

    if (endpoint.enabled && endpoint.breaker.enabled) {
        const int cycles = cyclesToOpen(endpoint);
        const milliseconds outage = outageToOpen(endpoint, cycles);
        const int dry = cyclesToOpenWithoutRetries(endpoint);
        const milliseconds dryOutage = outageToOpen(endpoint, dry);
        if (plannedOutage.count() > 0) {
            // N failing cycles fit in an outage longer than N - 1 intervals.
            if (outage >= plannedOutage)
                warnings.append(QStringLiteral("An outage of %1 would not open the breaker: it opens after %2 "
                                               "failing cycles, which needs more than %3 of outage at this "
                                               "interval.")
                                    .arg(durationText(plannedOutage))
                                    .arg(cycles)
                                    .arg(durationText(outage)));
            else if (dryOutage >= plannedOutage)
                warnings.append(QStringLiteral("An outage of %1 opens the breaker only while the retry budget "
                                               "holds: once it has run dry (in a long outage, or one soon after "
                                               "another) each cycle makes one attempt, and opening takes %2 failing "
                                               "cycles, more than %3 of outage.")
                                    .arg(durationText(plannedOutage))
                                    .arg(dry)
                                    .arg(durationText(dryOutage)));
        } else if (outage < slowBreaker && dryOutage >= slowBreaker)
            warnings.append(QStringLiteral("Once the retry budget has run dry (as it does in a long outage), each "
                                           "cycle makes one attempt, and the breaker opens only after %1 failing "
                                           "cycles: at least %2 of outage at this interval.")
                                .arg(dry)
                                .arg(durationText(dryOutage)));
        if (plannedOutage.count() <= 0 && outage >= slowBreaker)
            warnings.append(QStringLiteral("The breaker opens only after %1 failing cycles in a row (%2 failures of "
                                           "at most %3 attempts per cycle): at least %4 of outage at this interval.")
                                .arg(cycles)
                                .arg(endpoint.breaker.failureThreshold)
                                .arg(worstCaseCycle(endpoint).attempts)
                                .arg(durationText(outage)));
    }
    return warnings;
}

qint64 certificateDaysLeft(const QDateTime &expiryUtc, const QDateTime &nowUtc)
{
    const qint64 seconds = nowUtc.secsTo(expiryUtc);
    return seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400);
}

bool certificateWithinWarning(const Endpoint &endpoint, qint64 daysLeft)
{
    return endpoint.tlsExpiryWarningDays > 0 && daysLeft < endpoint.tlsExpiryWarningDays;
}

QString lintCertificate(const Endpoint &endpoint, const QDateTime &expiryUtc, const QDateTime &nowUtc)
{
    if (!expiryUtc.isValid() || endpoint.url.scheme() != QLatin1String("https"))
        return {};
    const qint64 days = certificateDaysLeft(expiryUtc, nowUtc);
    const QString on = expiryUtc.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"));
    if (nowUtc >= expiryUtc)
        return QStringLiteral("The server's certificate expired on %1: every attempt fails with tls_error until "
                              "it is renewed.")
            .arg(on);
    if (!certificateWithinWarning(endpoint, days))
        return {};
    return QStringLiteral("The server's certificate expires on %1, in %2 (the warning starts %3 before, "
                          "tlsExpiryWarningDays): renew it now.")
        .arg(on, days == 1 ? QStringLiteral("1 day") : QStringLiteral("%1 days").arg(days),
             endpoint.tlsExpiryWarningDays == 1 ? QStringLiteral("1 day")
                                                : QStringLiteral("%1 days").arg(endpoint.tlsExpiryWarningDays));
}
