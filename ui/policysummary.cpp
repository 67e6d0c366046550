// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/policysummary.h"

#include "core/config/policylint.h"
#include "core/util/durationtext.h"

#include <QCoreApplication>

#include <chrono>

using std::chrono::milliseconds;

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("PolicySummary", text);
}

QString percent(double fraction)
{
    return QString::number(100.0 * fraction, 'f', 0) + u'%';
}

QString cycleText(const Endpoint &e)
{
    const CycleTime time = worstCaseCycle(e);
    QString cycle = (time.attempts == 1 ? tr("<b>Worst-case cycle:</b> 1 attempt, up to %1")
                                        : tr("<b>Worst-case cycle:</b> %1 attempts, up to %2").arg(time.attempts))
                        .arg(durationText(time.worst));
    if (time.worstWithRetryAfter > time.worst)
        cycle += tr(" (up to %1 if every failure asks for the longest Retry-After honoured)")
                     .arg(durationText(time.worstWithRetryAfter));
    if (e.budget.enabled && time.attempts > 1)
        cycle += tr("<br><b>Retry budget:</b> retries stop while more than %1 of attempts fail (a failure costs "
                    "a token, a success earns %2 back).")
                     .arg(percent(budgetStopsRetriesAbove(e.budget)))
                     .arg(e.budget.tokenRatio);
    return cycle;
}

QString breakerText(const Endpoint &e)
{
    const BreakerPolicy &b = e.breaker;
    const int cycles = cyclesToOpen(e);
    const int dry = cyclesToOpenWithoutRetries(e);
    QString opens = cycles == 1 ? tr("<br><b>Breaker:</b> opens within the first failing cycle")
                                : tr("<br><b>Breaker:</b> opens after %1 failing cycles (%2 of outage)")
                                      .arg(cycles)
                                      .arg(durationText(outageToOpen(e, cycles)));
    if (dry != cycles)
        opens += tr("; once the budget has run dry, after %1 (%2 of outage)")
                     .arg(dry)
                     .arg(durationText(outageToOpen(e, dry)));
    // The first open period with its jitter band, and where growth stops.
    const auto longest
        = [&b](milliseconds d) { return milliseconds(qint64(double(d.count()) * (1.0 + b.openJitter))); };
    opens += b.openJitter > 0
        ? tr(". It stays open %1 to %2 (openJitter %3: breakers that opened together "
             "probe apart)")
              .arg(durationText(b.openDuration), durationText(longest(b.openDuration)), percent(b.openJitter))
        : tr(". It stays open %1 (no openJitter: breakers that opened together probe "
             "together)")
              .arg(durationText(b.openDuration));
    if (b.openBackoffMultiplier > 1.0 && b.maxOpenDuration > b.openDuration)
        opens += tr(", ×%1 after each failed probe up to %2")
                     .arg(b.openBackoffMultiplier)
                     .arg(durationText(b.maxOpenDuration));
    opens += u'.';
    if (b.slowCallDuration.count() > 0)
        opens += tr(" A success taking %1 or longer is a slow call; %2 slow calls among the last %3 (at least %4) "
                    "open it too.")
                     .arg(durationText(b.slowCallDuration), QString::number(b.slowCallRatePercent) + u'%')
                     .arg(b.windowSize)
                     .arg(b.minimumCalls);
    return opens;
}

QString rateLimitText(const Endpoint &e)
{
    if (!e.retry.respectRateLimit)
        return tr("<br><b>Rate limits:</b> announced quotas (RateLimit, X-RateLimit-*) are shown but not "
                  "followed: at 0 left the server will refuse requests.");
    return tr("<br><b>Rate limits:</b> when the server announces 0 requests left, the next request waits for "
              "the reset plus up to 10% (at most 1 s) so that clients do not return together; a wait longer "
              "than %1 (maxRetryAfterMs) ends a failing cycle instead.")
        .arg(durationText(e.retry.maxRetryAfter));
}

QString checksText(const Endpoint &e)
{
    const ResponseAssertions &a = e.assertions;
    QStringList checks;
    if (!a.bodyContains.isEmpty())
        checks.append(tr("the body contains \"%1\"").arg(a.bodyContains.toHtmlEscaped()));
    if (!a.jsonPointer.isEmpty())
        checks.append(a.equals.isUndefined()
                          ? tr("%1 exists in the JSON body").arg(a.jsonPointer.toHtmlEscaped())
                          : tr("%1 is %2").arg(a.jsonPointer.toHtmlEscaped(), jsonValueText(a.equals).toHtmlEscaped()));
    if (a.maxLatency.count() > 0)
        checks.append(tr("the answer comes within %1").arg(durationText(a.maxLatency)));
    QString text;
    if (!checks.isEmpty())
        text += tr("<br><b>Checks:</b> %1; otherwise the attempt fails as assertion_failed%2.")
                    .arg(checks.join(QStringLiteral(", ")),
                         e.retry.retryOnErrors.contains(ErrorCategory::AssertionFailed)
                             ? tr(" and is retried")
                             : tr(" and is not retried (the same answer would come again)"));
    if (e.url.scheme() == QLatin1String("https"))
        text += e.tlsExpiryWarningDays > 0
            ? tr("<br><b>Certificate:</b> flagged %1 days before it expires.").arg(e.tlsExpiryWarningDays)
            : tr("<br><b>Certificate:</b> its expiry is shown but never flagged (tlsExpiryWarningDays 0).");
    return text;
}

} // namespace

QString policySummaryHtml(const Endpoint &endpoint)
{
    QString html = cycleText(endpoint);
    if (endpoint.breaker.enabled)
        html += breakerText(endpoint);
    html += rateLimitText(endpoint);
    html += checksText(endpoint);
    return html;
}
