// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/fieldhelp.h"

#include <QHash>
#include <QWidget>

namespace {

const QHash<QString, QString> &helpTable()
{
    static const QHash<QString, QString> table = [] {
        QHash<QString, QString> t;
        const auto add = [&t](const char *key, const char *what, const char *byDefault) {
            t.insert(QString::fromLatin1(key),
                     QStringLiteral("<p><b>%1</b></p><p>%2</p><p>Default: %3.</p>")
                         .arg(QString::fromLatin1(key), QString::fromUtf8(what), QString::fromUtf8(byDefault)));
        };
        add("name", "A unique name: the endpoint's label in tables, logs and exports.", "none (required)");
        add("url", "The address polled: http or https, with a host. Credentials in it are never shown in logs.",
            "none (required)");
        add("method", "The HTTP method. POST and PATCH are retried only with an idempotency key or retryNonIdempotent.",
            "GET");
        add("headers",
            "Request headers. A value may contain ${env:NAME}: it is read from the environment at send time and "
            "never saved, logged or exported resolved.",
            "none");
        add("body", "The request body, sent with every attempt.", "empty");
        add("intervalMs", "Time from the end of one cycle to the start of the next (cycles never overlap).",
            "5000 ms; at least 100 ms");
        add("timeoutMs",
            "Longest time one attempt may take, from sending to a complete response; then it is "
            "aborted as a timeout.",
            "10000 ms");
        add("expectStatus", "Statuses that count as success, separated by commas.", "empty = any 2xx");
        add("idempotencyKey",
            "Send the same fresh Idempotency-Key header with every attempt of a cycle, which "
            "makes retrying POST and PATCH safe.",
            "off");
        add("enabled", "Whether the endpoint is polled at all.", "on");
        add("maxAttempts", "Attempts per cycle, the first one included (1 = never retry).", "5");
        add("strategy",
            "How the envelope grows: exponential (base × multiplier^(k−1)), linear (base × k) or "
            "constant.",
            "exponential");
        add("initialDelayMs", "The delay before the first retry: the envelope's base.", "1000 ms");
        add("multiplier", "Growth factor of the exponential envelope.", "2.0");
        add("maxDelayMs", "Cap on any one backoff delay (only an honoured Retry-After may be longer).", "30000 ms");
        add("jitter",
            "How delays are spread around the envelope so that clients do not retry in lockstep: none, "
            "proportional, full, equal or decorrelated.",
            "proportional");
        add("jitterFactor", "The spread of proportional jitter: a delay falls in [e·(1−f), e·(1+f)].", "0.5");
        add("deadlineMs", "Time limit for a whole cycle: no retry is scheduled that would start after it. 0 = none.",
            "0 (none)");
        add("retryOnStatus", "HTTP statuses that are retried, separated by commas.", "408, 429, 502, 503, 504");
        add("retryOnErrors", "Transport failures that are retried.",
            "timeout, connection_refused, connection_reset, network_error");
        add("respectRetryAfter", "Honour Retry-After on 429 and 503: the next attempt waits at least that long.", "on");
        add("maxRetryAfterMs", "The longest Retry-After honoured; a longer one ends the cycle.", "60000 ms");
        add("retryNonIdempotent",
            "Also retry POST and PATCH without an idempotency key (the server may apply "
            "them twice).",
            "off");
        add("budget.enabled", "A retry budget (token bucket) limits retries when most attempts fail.", "on");
        add("budget.maxTokens", "Tokens the budget holds; each failure costs 1, retries need more than half.", "10");
        add("budget.tokenRatio", "Tokens each success gives back.", "0.1");
        add("budget.key", "Endpoints naming the same key share one budget (with identical settings).",
            "empty = own budget");
        add("breaker.enabled", "A circuit breaker stops sending to a failing service, waits, then probes.", "on");
        add("breaker.failureThreshold", "Consecutive failed attempts that open the breaker.", "5");
        add("breaker.failureRatePercent", "Also open when the failure rate over the window reaches this. 0 = off.",
            "0 (off)");
        add("breaker.windowSize", "Attempts in the sliding window for the failure rate.", "20");
        add("breaker.minimumCalls", "Attempts needed in the window before the rate counts.", "10");
        add("breaker.openMs", "How long the breaker stays open before probing.", "30000 ms");
        add("breaker.openBackoffMultiplier", "Each re-open after a failed probe multiplies the open time by this.",
            "2.0");
        add("breaker.maxOpenMs", "Cap on the open time.", "300000 ms");
        add("breaker.halfOpenProbes", "Requests let through when half-open; all must succeed to close.", "1");
        add("breaker.key", "Endpoints naming the same key share one breaker (with identical settings).",
            "empty = own breaker");
        return t;
    }();
    return table;
}

} // namespace

QString fieldHelp(const QString &key)
{
    return helpTable().value(key);
}

void applyFieldHelp(QWidget *root)
{
    for (QWidget *widget : root->findChildren<QWidget *>()) {
        if (const QString help = fieldHelp(widget->objectName()); !help.isEmpty())
            widget->setToolTip(help);
    }
}
