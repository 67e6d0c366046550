// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/policy/retrypolicy.h"
#include "core/policy/retrypolicyjson.h"

#include <QJsonDocument>
#include <QTest>

#include <functional>

using namespace std::chrono_literals;

Q_DECLARE_METATYPE(RetryPolicy)

namespace {

QJsonObject json(const char *text)
{
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(QByteArray(text), &error);
    Q_ASSERT_X(error.error == QJsonParseError::NoError, "json", text);
    return document.object();
}

} // namespace

class TestRetryPolicy final : public QObject
{
    Q_OBJECT

private slots:
    void defaultsAreTheSpecDefaults()
    {
        const RetryPolicy policy;
        QCOMPARE(policy.maxAttempts, 5);
        QCOMPARE(policy.strategy, BackoffStrategy::Exponential);
        QCOMPARE(policy.initialDelay, 1000ms);
        QCOMPARE(policy.multiplier, 2.0);
        QCOMPARE(policy.maxDelay, 30000ms);
        QCOMPARE(policy.jitter, JitterMode::Proportional);
        QCOMPARE(policy.jitterFactor, 0.5);
        QCOMPARE(policy.deadline, 0ms);
        QCOMPARE(policy.retryOnStatus, (QList<int>{408, 429, 502, 503, 504}));
        QCOMPARE(policy.retryOnErrors,
                 (QList<ErrorCategory>{ErrorCategory::Timeout, ErrorCategory::ConnectionRefused,
                                       ErrorCategory::ConnectionReset, ErrorCategory::NetworkError}));
        QCOMPARE(policy.respectRetryAfter, true);
        QCOMPARE(policy.maxRetryAfter, 60000ms);
        QCOMPARE(policy.retryNonIdempotent, false);
        QVERIFY(policy.validate().isEmpty());
    }

    void namesRoundTrip()
    {
        QCOMPARE(allStrategies().size(), 3);
        for (const BackoffStrategy strategy : allStrategies())
            QCOMPARE(strategyFromName(strategyName(strategy)), strategy);
        QCOMPARE(allJitterModes().size(), 5);
        for (const JitterMode mode : allJitterModes())
            QCOMPARE(jitterFromName(jitterName(mode)), mode);
        QCOMPARE(strategyName(BackoffStrategy::Linear), QLatin1String("linear"));
        QCOMPARE(jitterName(JitterMode::Decorrelated), QLatin1String("decorrelated"));
        QVERIFY(!strategyFromName(u"Exponential"));
        QVERIFY(!jitterFromName(u"fibonacci"));
    }

    void invalidValues_data()
    {
        QTest::addColumn<RetryPolicy>("policy");
        QTest::addColumn<QString>("message");
        const auto add = [](const char *name, const std::function<void(RetryPolicy &)> &change, const char *message) {
            RetryPolicy policy;
            change(policy);
            QTest::newRow(name) << policy << QString::fromUtf8(message);
        };
        add(
            "maxAttempts 0", [](RetryPolicy &p) { p.maxAttempts = 0; },
            "retry.maxAttempts: must be from 1 to 100 (got 0)");
        add(
            "maxAttempts 101", [](RetryPolicy &p) { p.maxAttempts = 101; },
            "retry.maxAttempts: must be from 1 to 100 (got 101)");
        add(
            "negative initial",
            [](RetryPolicy &p) {
                p.initialDelay = -1ms;
                p.maxDelay = 0ms;
            },
            "retry.initialDelayMs: must be from 0 to 2147483647 (got -1)");
        add(
            "negative max",
            [](RetryPolicy &p) {
                p.initialDelay = 0ms;
                p.maxDelay = -5ms;
            },
            "retry.maxDelayMs: must be from 0 to 2147483647 (got -5)");
        add(
            "max below initial", [](RetryPolicy &p) { p.maxDelay = 500ms; },
            "retry.maxDelayMs: must not be less than retry.initialDelayMs (500 < 1000)");
        add(
            "multiplier < 1", [](RetryPolicy &p) { p.multiplier = 0.5; },
            "retry.multiplier: must be a number >= 1 (got 0.5)");
        add(
            "multiplier nan", [](RetryPolicy &p) { p.multiplier = std::nan(""); },
            "retry.multiplier: must be a number >= 1 (got nan)");
        add(
            "jitterFactor 1", [](RetryPolicy &p) { p.jitterFactor = 1.0; },
            "retry.jitterFactor: must be a number >= 0 and < 1 (got 1)");
        add(
            "jitterFactor negative", [](RetryPolicy &p) { p.jitterFactor = -0.1; },
            "retry.jitterFactor: must be a number >= 0 and < 1 (got -0.1)");
        add(
            "negative deadline", [](RetryPolicy &p) { p.deadline = -1ms; },
            "retry.deadlineMs: must be from 0 to 2147483647 (got -1)");
        add(
            "huge maxRetryAfter", [](RetryPolicy &p) { p.maxRetryAfter = 2147483648ms; },
            "retry.maxRetryAfterMs: must be from 0 to 2147483647 (got 2147483648)");
        add(
            "status 600",
            [](RetryPolicy &p) {
                p.retryOnStatus = {503, 600};
            },
            "retry.retryOnStatus: 600 is not an HTTP status (100-599)");
        add(
            "status 99", [](RetryPolicy &p) { p.retryOnStatus = {99}; },
            "retry.retryOnStatus: 99 is not an HTTP status (100-599)");
        add(
            "server_error in retryOnErrors",
            [](RetryPolicy &p) {
                p.retryOnErrors = {ErrorCategory::Timeout, ErrorCategory::ServerError};
            },
            "retry.retryOnErrors: \"server_error\" is not a category retryOnErrors may list (allowed: timeout, "
            "connection_refused, connection_reset, dns_failure, tls_error, network_error, assertion_failed; statuses "
            "go in retryOnStatus)");
    }

    void invalidValues()
    {
        QFETCH(RetryPolicy, policy);
        QFETCH(QString, message);
        const QStringList problems = policy.validate();
        QVERIFY2(problems.contains(message), qPrintable(problems.join(u'\n')));
    }

    void boundariesAreValid()
    {
        RetryPolicy policy;
        policy.maxAttempts = 1;
        QVERIFY(policy.validate().isEmpty());
        policy.maxAttempts = 100;
        policy.multiplier = 1.0;
        policy.jitterFactor = 0.0;
        policy.initialDelay = 0ms;
        policy.maxDelay = 0ms;
        policy.retryOnStatus = {100, 599};
        policy.retryOnErrors = {ErrorCategory::DnsFailure, ErrorCategory::TlsError};
        QVERIFY2(policy.validate().isEmpty(), qPrintable(policy.validate().join(u'\n')));
    }

    void readsEveryKey()
    {
        const auto result = readRetryPolicy(json(R"({
            "maxAttempts": 3.0, "strategy": "linear", "initialDelayMs": 250, "multiplier": 1.5,
            "maxDelayMs": 9000, "jitter": "decorrelated", "jitterFactor": 0.25, "deadlineMs": 20000,
            "retryOnStatus": [503], "retryOnErrors": ["timeout", "dns_failure"],
            "respectRetryAfter": false, "maxRetryAfterMs": 5000, "retryNonIdempotent": true})"));
        QVERIFY2(result.ok(), qPrintable(result.problems.join(u'\n')));
        const RetryPolicy &p = result.policy;
        QCOMPARE(p.maxAttempts, 3);
        QCOMPARE(p.strategy, BackoffStrategy::Linear);
        QCOMPARE(p.initialDelay, 250ms);
        QCOMPARE(p.multiplier, 1.5);
        QCOMPARE(p.maxDelay, 9000ms);
        QCOMPARE(p.jitter, JitterMode::Decorrelated);
        QCOMPARE(p.jitterFactor, 0.25);
        QCOMPARE(p.deadline, 20000ms);
        QCOMPARE(p.retryOnStatus, QList<int>{503});
        QCOMPARE(p.retryOnErrors, (QList<ErrorCategory>{ErrorCategory::Timeout, ErrorCategory::DnsFailure}));
        QCOMPARE(p.respectRetryAfter, false);
        QCOMPARE(p.maxRetryAfter, 5000ms);
        QCOMPARE(p.retryNonIdempotent, true);
        QCOMPARE(readRetryPolicy(toJson(p)).policy, p);
    }

    void mergesKeyByKeyOverItsBase()
    {
        RetryPolicy base;
        base.maxAttempts = 3;
        base.jitter = JitterMode::Full;
        const auto result = readRetryPolicy(json(R"({"initialDelayMs": 200})"), base);
        QVERIFY(result.ok());
        QCOMPARE(result.policy.maxAttempts, 3);
        QCOMPARE(result.policy.jitter, JitterMode::Full);
        QCOMPARE(result.policy.initialDelay, 200ms);
        QCOMPARE(readRetryPolicy(QJsonObject{}, base).policy, base);
    }

    void rejectsBadJson_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        const auto add = [](const char *name, const char *text, const char *message) {
            QTest::newRow(name) << QString::fromUtf8(text) << QString::fromUtf8(message);
        };
        add("unknown key", R"({"maxAttempt": 3})", "retry.maxAttempt: unknown key");
        add("fraction", R"({"maxAttempts": 2.5})", "retry.maxAttempts: expected a whole number, got 2.5");
        add("string number", R"({"maxAttempts": "5"})",
            "retry.maxAttempts: expected a whole number, got the string \"5\"");
        add("too big for int", R"({"maxAttempts": 1e12})",
            "retry.maxAttempts: 1000000000000 is out of range (-2147483648 to 2147483647)");
        add("out of spec range", R"({"maxAttempts": 0})", "retry.maxAttempts: must be from 1 to 100 (got 0)");
        add("unknown strategy", R"({"strategy": "fibonacci"})",
            "retry.strategy: unknown value \"fibonacci\" (expected exponential, linear, constant)");
        add("unknown jitter", R"({"jitter": "random"})",
            "retry.jitter: unknown value \"random\" (expected none, proportional, full, equal, decorrelated)");
        add("jitter not a string", R"({"jitter": 1})", "retry.jitter: expected a string, got 1");
        add("bool as string", R"({"respectRetryAfter": "yes"})",
            "retry.respectRetryAfter: expected true or false, got the string \"yes\"");
        add("multiplier string", R"({"multiplier": "2"})", "retry.multiplier: expected a number, got the string \"2\"");
        add("status list not array", R"({"retryOnStatus": 503})",
            "retry.retryOnStatus: expected an array of whole numbers, got 503");
        add("status list item", R"({"retryOnStatus": [503, "504"]})",
            "retry.retryOnStatus: item 1: expected a whole number, got the string \"504\"");
        add("unknown category", R"({"retryOnErrors": ["timeout", "boom"]})",
            "retry.retryOnErrors: unknown error category \"boom\"");
        add("negative delay", R"({"initialDelayMs": -1, "maxDelayMs": 10})",
            "retry.initialDelayMs: must be from 0 to 2147483647 (got -1)");
        add("null", R"({"deadlineMs": null})", "retry.deadlineMs: expected a whole number, got null");
    }

    void rejectsBadJson()
    {
        QFETCH(QString, text);
        QFETCH(QString, message);
        const auto result = readRetryPolicy(json(text.toUtf8().constData()));
        QVERIFY(!result.ok());
        QVERIFY2(result.problems.contains(message), qPrintable(result.problems.join(u'\n')));
    }
};

QTEST_GUILESS_MAIN(TestRetryPolicy)
#include "tst_retrypolicy.moc"
