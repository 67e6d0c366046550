// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/config/demoendpoints.h"

#include <QJsonArray>

QJsonObject demoEndpointsJson(const QUrl &faultServer, quint16 refusedPort)
{
    const auto url
        = [&faultServer](const char *path) { return faultServer.resolved(QUrl(QString::fromLatin1(path))).toString(); };
    const QJsonArray endpoints{
        QJsonObject{{QStringLiteral("name"), QStringLiteral("healthy")},
                    {QStringLiteral("url"), url("/ok")},
                    {QStringLiteral("intervalMs"), 1000}},
        // A quarter of the attempts fail: below the 33 % at which a budget
        // with tokenRatio 0.5 stops retries, so retries rescue nearly every
        // cycle (1 in 256 fails all four attempts) and the budget holds.
        QJsonObject{{QStringLiteral("name"), QStringLiteral("flaky")},
                    {QStringLiteral("url"), url("/flaky?fail=0.25&code=503")},
                    {QStringLiteral("intervalMs"), 1000},
                    // Equal jitter keeps each delay at least as long as the
                    // one before it, so the growth is plain to see.
                    {QStringLiteral("retry"),
                     QJsonObject{{QStringLiteral("maxAttempts"), 4},
                                 {QStringLiteral("initialDelayMs"), 100},
                                 {QStringLiteral("maxDelayMs"), 2000},
                                 {QStringLiteral("jitter"), QStringLiteral("equal")}}},
                    {QStringLiteral("budget"),
                     QJsonObject{{QStringLiteral("maxTokens"), 20}, {QStringLiteral("tokenRatio"), 0.5}}},
                    {QStringLiteral("breaker"), QJsonObject{{QStringLiteral("failureThreshold"), 8}}}},
        // Six attempts in ten fail, far above the 9 % the default budget
        // allows: the budget runs dry within seconds and retries stop; the
        // breaker (20 in a row) stays out of the way, so the budget is what
        // shows.
        QJsonObject{{QStringLiteral("name"), QStringLiteral("over-budget")},
                    {QStringLiteral("url"), url("/flaky?fail=0.6&code=503")},
                    {QStringLiteral("intervalMs"), 1000},
                    {QStringLiteral("retry"),
                     QJsonObject{{QStringLiteral("maxAttempts"), 4}, {QStringLiteral("initialDelayMs"), 100}}},
                    {QStringLiteral("breaker"), QJsonObject{{QStringLiteral("failureThreshold"), 20}}}},
        QJsonObject{{QStringLiteral("name"), QStringLiteral("outage")},
                    {QStringLiteral("url"), url("/outage?up_s=4&down_s=6&code=503")},
                    {QStringLiteral("intervalMs"), 500},
                    {QStringLiteral("retry"),
                     QJsonObject{{QStringLiteral("maxAttempts"), 3},
                                 {QStringLiteral("initialDelayMs"), 100},
                                 {QStringLiteral("maxDelayMs"), 800},
                                 {QStringLiteral("jitter"), QStringLiteral("equal")}}},
                    {QStringLiteral("breaker"),
                     QJsonObject{{QStringLiteral("failureThreshold"), 3},
                                 {QStringLiteral("openMs"), 1500},
                                 {QStringLiteral("maxOpenMs"), 6000}}}},
        QJsonObject{{QStringLiteral("name"), QStringLiteral("rate-limited")},
                    {QStringLiteral("url"), url("/ratelimit?rps=1")},
                    {QStringLiteral("intervalMs"), 400},
                    {QStringLiteral("headers"), QJsonObject{{QStringLiteral("X-Client-Id"), QStringLiteral("demo")}}},
                    // Deaf to the quota the server announces, so that it
                    // runs into 429s and their Retry-After.
                    {QStringLiteral("retry"),
                     QJsonObject{{QStringLiteral("maxAttempts"), 3},
                                 {QStringLiteral("initialDelayMs"), 100},
                                 {QStringLiteral("respectRateLimit"), false}}}},
        // The same server, listened to: it paces itself by the announced
        // quota and never gets a 429.
        QJsonObject{{QStringLiteral("name"), QStringLiteral("paced")},
                    {QStringLiteral("url"), url("/ratelimit?rps=2&retry_after=0")},
                    {QStringLiteral("intervalMs"), 200},
                    {QStringLiteral("headers"), QJsonObject{{QStringLiteral("X-Client-Id"), QStringLiteral("paced")}}}},
        // Three answers in ten take 700 ms, above its 500 ms slow-call
        // threshold: slow beats, and now and then the slow-call rate opens
        // the breaker.
        QJsonObject{{QStringLiteral("name"), QStringLiteral("sluggish")},
                    {QStringLiteral("url"), url("/delay/700?p=0.3")},
                    {QStringLiteral("intervalMs"), 500},
                    {QStringLiteral("breaker"),
                     QJsonObject{{QStringLiteral("slowCallDurationMs"), 500},
                                 {QStringLiteral("slowCallRatePercent"), 50},
                                 {QStringLiteral("windowSize"), 10},
                                 {QStringLiteral("openMs"), 5000}}}},
        // Answers 200, but its JSON says it is degraded: the check fails.
        QJsonObject{{QStringLiteral("name"), QStringLiteral("degraded-json")},
                    {QStringLiteral("url"), url("/json?status=degraded&db=ok")},
                    {QStringLiteral("intervalMs"), 2000},
                    {QStringLiteral("assert"),
                     QJsonObject{{QStringLiteral("jsonPointer"), QStringLiteral("/status")},
                                 {QStringLiteral("equals"), QStringLiteral("UP")}}}},
        QJsonObject{{QStringLiteral("name"), QStringLiteral("unauthorized")},
                    {QStringLiteral("url"), url("/status/401")},
                    {QStringLiteral("intervalMs"), 2000}},
        QJsonObject{{QStringLiteral("name"), QStringLiteral("slow")},
                    {QStringLiteral("url"), url("/delay/1500")},
                    {QStringLiteral("intervalMs"), 2000},
                    {QStringLiteral("timeoutMs"), 800},
                    {QStringLiteral("retry"),
                     QJsonObject{{QStringLiteral("maxAttempts"), 2}, {QStringLiteral("initialDelayMs"), 200}}}},
        QJsonObject{{QStringLiteral("name"), QStringLiteral("refused")},
                    {QStringLiteral("url"), QStringLiteral("http://127.0.0.1:%1/").arg(refusedPort)},
                    {QStringLiteral("intervalMs"), 2000},
                    {QStringLiteral("retry"),
                     QJsonObject{{QStringLiteral("maxAttempts"), 3}, {QStringLiteral("initialDelayMs"), 100}}},
                    {QStringLiteral("breaker"),
                     QJsonObject{{QStringLiteral("failureThreshold"), 3}, {QStringLiteral("openMs"), 3000}}}},
    };
    return QJsonObject{{QStringLiteral("version"), 1}, {QStringLiteral("endpoints"), endpoints}};
}

QHash<QString, QString> demoEndpointNotes()
{
    return {
        {QStringLiteral("healthy"),
         QStringLiteral("Always answers 200 at once: the baseline. Every beat is a plain green bar, every cycle "
                        "succeeds on its first attempt.")},
        {QStringLiteral("flaky"),
         QStringLiteral("A quarter of its answers are 503. Look for green beats with an amber cap: cycles that "
                        "failed first and were rescued by a retry, with growing waits in the Backoff chart.")},
        {QStringLiteral("over-budget"),
         QStringLiteral("Fails six attempts in ten, more than a retry budget allows. Within seconds the Retry "
                        "budget column says \"exhausted\" (retries off) and cycles end \"budget exhausted\": "
                        "retries stop so that they do not pile load onto a failing service.")},
        {QStringLiteral("outage"),
         QStringLiteral("Up for 4 s, down (503) for 6 s, over and over. Watch its breaker open after 3 failures, "
                        "wait, let one probe through (half-open) and close when the service is back: the "
                        "Breaker lanes chart and the transitions dock show each step.")},
        {QStringLiteral("rate-limited"),
         QStringLiteral("Allows one request a second and answers 429 with Retry-After beyond that. This endpoint "
                        "ignores the quota the server announces (compare \"paced\"), so it runs into the limit; "
                        "its retries wait as long as the server asks (hatched in the waterfall), never less.")},
        {QStringLiteral("paced"),
         QStringLiteral("The same kind of server, two requests a second, but this endpoint listens to the quota "
                        "each answer announces (RateLimit, X-RateLimit-Remaining): when none is left, its next "
                        "request waits for the reset, so it is never refused. The Quota column shows what is left.")},
        {QStringLiteral("sluggish"),
         QStringLiteral("Three answers in ten take 0.7 s, above its 0.5 s slow-call threshold: they count as slow "
                        "calls (marked in the beats and the log). When half of the last ten calls were slow its "
                        "breaker opens (\"slow-call rate ...\"), and a slow probe keeps it open.")},
        {QStringLiteral("degraded-json"),
         QStringLiteral("Answers 200 at once, but the JSON it sends says {\"status\": \"degraded\"} where its check "
                        "wants \"UP\": every attempt is an assertion failure, and the Last column's tooltip says "
                        "which check failed. Not retried (the same answer would come again), but a failure for the "
                        "breaker, which opens after 5.")},
        {QStringLiteral("unauthorized"),
         QStringLiteral("Answers 401. Asking again cannot help, so it is never retried: every cycle ends \"not "
                        "retriable\" after one attempt.")},
        {QStringLiteral("slow"),
         QStringLiteral("Answers after 1.5 s, but its timeout is 0.8 s: each attempt ends \"timeout\", is "
                        "retried once, and the cycle fails; after a few such cycles its breaker opens.")},
        {QStringLiteral("refused"),
         QStringLiteral("Points at a port where nothing listens: connection refused at once. Its breaker opens "
                        "after 3 failures and probes every few seconds.")},
    };
}
