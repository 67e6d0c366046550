// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/policy/errorclassifier.h"
#include "core/policy/retrypolicy.h"

#include <QMetaEnum>
#include <QTest>

Q_DECLARE_METATYPE(ErrorCategory)
Q_DECLARE_METATYPE(AbortReason)
Q_DECLARE_METATYPE(RetryVerdict)

using Error = QNetworkReply::NetworkError;

namespace {

std::optional<int> noStatus()
{
    return std::nullopt;
}

} // namespace

class TestErrorClassifier final : public QObject
{
    Q_OBJECT

private slots:
    void categoryNamesAreTheSpecNames()
    {
        const QStringList expected{QStringLiteral("ok"),
                                   QStringLiteral("circuit_open"),
                                   QStringLiteral("assertion_failed"),
                                   QStringLiteral("timeout"),
                                   QStringLiteral("connection_refused"),
                                   QStringLiteral("connection_reset"),
                                   QStringLiteral("dns_failure"),
                                   QStringLiteral("tls_error"),
                                   QStringLiteral("network_error"),
                                   QStringLiteral("rate_limited"),
                                   QStringLiteral("server_error"),
                                   QStringLiteral("client_error"),
                                   QStringLiteral("unexpected_status"),
                                   QStringLiteral("cancelled")};
        QStringList names;
        for (const ErrorCategory category : allCategories()) {
            names.append(categoryName(category));
            QCOMPARE(categoryFromName(categoryName(category)), category);
        }
        QCOMPARE(names, expected);
        QVERIFY(!categoryFromName(u"OK"));
    }

    void breakerFailures()
    {
        QStringList failures;
        for (const ErrorCategory category : allCategories()) {
            if (countsAsFailure(category))
                failures.append(categoryName(category));
        }
        QCOMPARE(failures.join(u' '),
                 QStringLiteral("assertion_failed timeout connection_refused connection_reset dns_failure "
                                "tls_error network_error rate_limited server_error"));
    }

    void table_data()
    {
        QTest::addColumn<Error>("error");
        QTest::addColumn<std::optional<int>>("status");
        QTest::addColumn<AbortReason>("abort");
        QTest::addColumn<QList<int>>("expect");
        QTest::addColumn<ErrorCategory>("category");
        QTest::addColumn<bool>("fromStatus");
        using C = ErrorCategory;
        const QList<int> any2xx;
        const auto row = [&](const char *name, Error error, std::optional<int> status, C category,
                             AbortReason abort = AbortReason::None, const QList<int> &expect = {}) {
            const bool fromStatus = status.has_value() && abort == AbortReason::None
                && (error == QNetworkReply::NoError || error > QNetworkReply::UnknownProxyError
                    || error == QNetworkReply::TooManyRedirectsError || error == QNetworkReply::InsecureRedirectError);
            QTest::newRow(name) << error << status << abort << expect << category << fromStatus;
        };
        row("200", QNetworkReply::NoError, 200, C::Ok);
        row("204", QNetworkReply::NoError, 204, C::Ok);
        row("299", QNetworkReply::NoError, 299, C::Ok);
        row("204 when 200 expected", QNetworkReply::NoError, 204, C::UnexpectedStatus, AbortReason::None, {200});
        row("404 expected", QNetworkReply::ContentNotFoundError, 404, C::Ok, AbortReason::None, {404});
        row("503 expected", QNetworkReply::ServiceUnavailableError, 503, C::Ok, AbortReason::None, {200, 503});
        row("100", QNetworkReply::NoError, 100, C::UnexpectedStatus);
        row("301", QNetworkReply::NoError, 301, C::UnexpectedStatus);
        row("304", QNetworkReply::NoError, 304, C::UnexpectedStatus);
        row("408", QNetworkReply::UnknownContentError, 408, C::Timeout);
        row("429", QNetworkReply::UnknownContentError, 429, C::RateLimited);
        row("400", QNetworkReply::ProtocolInvalidOperationError, 400, C::ClientError);
        row("401", QNetworkReply::AuthenticationRequiredError, 401, C::ClientError);
        row("403", QNetworkReply::ContentAccessDenied, 403, C::ClientError);
        row("404", QNetworkReply::ContentNotFoundError, 404, C::ClientError);
        row("422", QNetworkReply::UnknownContentError, 422, C::ClientError);
        row("500", QNetworkReply::InternalServerError, 500, C::ServerError);
        row("502", QNetworkReply::UnknownServerError, 502, C::ServerError);
        row("503", QNetworkReply::ServiceUnavailableError, 503, C::ServerError);
        row("504", QNetworkReply::UnknownServerError, 504, C::ServerError);
        row("599", QNetworkReply::UnknownServerError, 599, C::ServerError);
        row("600 from a broken server", QNetworkReply::NoError, 600, C::UnexpectedStatus);
        row("refused", QNetworkReply::ConnectionRefusedError, noStatus(), C::ConnectionRefused);
        row("proxy refused", QNetworkReply::ProxyConnectionRefusedError, noStatus(), C::ConnectionRefused);
        row("reset", QNetworkReply::RemoteHostClosedError, noStatus(), C::ConnectionReset);
        row("reset mid-body after 200", QNetworkReply::RemoteHostClosedError, 200, C::ConnectionReset);
        row("dns", QNetworkReply::HostNotFoundError, noStatus(), C::DnsFailure);
        row("tls", QNetworkReply::SslHandshakeFailedError, noStatus(), C::TlsError);
        row("qt transfer timeout", QNetworkReply::TimeoutError, noStatus(), C::Timeout);
        row("client timeout", QNetworkReply::OperationCanceledError, noStatus(), C::Timeout, AbortReason::Timeout);
        row("client timeout mid-body", QNetworkReply::OperationCanceledError, 200, C::Timeout, AbortReason::Timeout);
        row("cancelled", QNetworkReply::OperationCanceledError, noStatus(), C::Cancelled, AbortReason::Cancelled);
        row("aborted elsewhere", QNetworkReply::OperationCanceledError, noStatus(), C::Cancelled);
        row("temporary failure", QNetworkReply::TemporaryNetworkFailureError, noStatus(), C::NetworkError);
        row("unknown network", QNetworkReply::UnknownNetworkError, noStatus(), C::NetworkError);
        row("garbage response", QNetworkReply::ProtocolFailure, noStatus(), C::NetworkError);
        row("redirect loop", QNetworkReply::TooManyRedirectsError, 302, C::UnexpectedStatus);
        row("https to http", QNetworkReply::InsecureRedirectError, 301, C::UnexpectedStatus);
        row("redirect loop, no status", QNetworkReply::TooManyRedirectsError, noStatus(), C::NetworkError);
    }

    void table()
    {
        QFETCH(Error, error);
        QFETCH(std::optional<int>, status);
        QFETCH(AbortReason, abort);
        QFETCH(QList<int>, expect);
        QFETCH(ErrorCategory, category);
        QFETCH(bool, fromStatus);
        const Classification result = ErrorClassifier::classify({error, status, abort}, expect);
        QCOMPARE(categoryName(result.category), categoryName(category));
        QCOMPARE(result.fromStatus, fromStatus);
        QCOMPARE(result.httpStatus, status);
    }

    // Every status a response can carry, 100-599, has exactly the answer
    // docs/attempt-log.md gives it, with the default expectation (any 2xx).
    void everyStatusHasAnAnswer()
    {
        for (int status = 100; status <= 599; ++status) {
            const Classification result = ErrorClassifier::classify({QNetworkReply::NoError, status});
            ErrorCategory expected = ErrorCategory::UnexpectedStatus;
            if (status / 100 == 2)
                expected = ErrorCategory::Ok;
            else if (status == 408)
                expected = ErrorCategory::Timeout;
            else if (status == 429)
                expected = ErrorCategory::RateLimited;
            else if (status / 100 == 4)
                expected = ErrorCategory::ClientError;
            else if (status / 100 == 5)
                expected = ErrorCategory::ServerError;
            QVERIFY2(result.category == expected, qPrintable(QString::number(status)));
            QVERIFY(result.fromStatus);
        }
    }

    // Every QNetworkReply::NetworkError value, with and without a status,
    // gets one defined category; only a real response can be `ok`.
    void everyNetworkErrorHasAnAnswer()
    {
        const QMetaEnum errors = QMetaEnum::fromType<QNetworkReply::NetworkError>();
        QVERIFY(errors.keyCount() > 30);
        for (int i = 0; i < errors.keyCount(); ++i) {
            const auto error = static_cast<Error>(errors.value(i));
            const Classification bare = ErrorClassifier::classify({error, std::nullopt});
            QVERIFY2(bare.category != ErrorCategory::Ok, errors.key(i));
            QVERIFY2(bare.category != ErrorCategory::CircuitOpen, errors.key(i));
            QVERIFY(!bare.fromStatus);
            const Classification with503 = ErrorClassifier::classify({error, 503});
            QVERIFY2(with503.category != ErrorCategory::Ok, errors.key(i));
            const bool transport = error >= QNetworkReply::ConnectionRefusedError
                && error <= QNetworkReply::UnknownProxyError && error != QNetworkReply::TooManyRedirectsError
                && error != QNetworkReply::InsecureRedirectError;
            QCOMPARE(with503.fromStatus, !transport);
            if (!transport)
                QCOMPARE(with503.category, ErrorCategory::ServerError);
        }
    }

    void defaultDecisions_data()
    {
        QTest::addColumn<Error>("error");
        QTest::addColumn<std::optional<int>>("status");
        QTest::addColumn<AbortReason>("abort");
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<bool>("idempotencyKey");
        QTest::addColumn<bool>("retriableKind");
        QTest::addColumn<RetryVerdict>("verdict");
        using V = RetryVerdict;
        const auto row = [](const char *name, Error error, std::optional<int> status, const char *method,
                            bool retriable, V verdict, AbortReason abort = AbortReason::None, bool key = false) {
            QTest::newRow(name) << error << status << abort << QByteArray(method) << key << retriable << verdict;
        };
        constexpr Error none = QNetworkReply::NoError;
        row("200", none, 200, "GET", false, V::Success);
        for (const int status : {408, 429, 502, 503, 504})
            row(qPrintable(QStringLiteral("GET %1 retried").arg(status)), none, status, "GET", true, V::Retry);
        for (const int status : {400, 401, 403, 404, 422, 500, 501, 505, 301})
            row(qPrintable(QStringLiteral("GET %1 never").arg(status)), none, status, "GET", false, V::NotRetriable);
        row("timeout", QNetworkReply::OperationCanceledError, noStatus(), "GET", true, V::Retry, AbortReason::Timeout);
        row("refused", QNetworkReply::ConnectionRefusedError, noStatus(), "HEAD", true, V::Retry);
        row("reset", QNetworkReply::RemoteHostClosedError, 200, "PUT", true, V::Retry);
        row("network", QNetworkReply::UnknownNetworkError, noStatus(), "DELETE", true, V::Retry);
        row("dns not by default", QNetworkReply::HostNotFoundError, noStatus(), "GET", false, V::NotRetriable);
        row("tls never by default", QNetworkReply::SslHandshakeFailedError, noStatus(), "GET", false, V::NotRetriable);
        row("proxy credentials never", QNetworkReply::ProxyAuthenticationRequiredError, noStatus(), "GET", false,
            V::NotRetriable);
        row("cancelled", QNetworkReply::OperationCanceledError, noStatus(), "GET", false, V::NotRetriable,
            AbortReason::Cancelled);
        row("POST 503", none, 503, "POST", true, V::NonIdempotent);
        row("PATCH timeout", QNetworkReply::OperationCanceledError, noStatus(), "PATCH", true, V::NonIdempotent,
            AbortReason::Timeout);
        row("POST 503 with key", none, 503, "POST", true, V::Retry, AbortReason::None, true);
        row("POST 400: not_retriable first", none, 400, "POST", false, V::NotRetriable);
        row("lower-case get is not GET", none, 503, "get", true, V::NonIdempotent);
        row("custom verb", none, 503, "PURGE", true, V::NonIdempotent);
        row("OPTIONS", none, 502, "OPTIONS", true, V::Retry);
        row("TRACE", none, 504, "TRACE", true, V::Retry);
    }

    void defaultDecisions()
    {
        QFETCH(Error, error);
        QFETCH(std::optional<int>, status);
        QFETCH(AbortReason, abort);
        QFETCH(QByteArray, method);
        QFETCH(bool, idempotencyKey);
        QFETCH(bool, retriableKind);
        QFETCH(RetryVerdict, verdict);
        const RetryPolicy policy;
        const Classification classification = ErrorClassifier::classify({error, status, abort});
        QCOMPARE(ErrorClassifier::isRetriableKind(policy, classification), retriableKind);
        QCOMPARE(ErrorClassifier::decide(policy, classification, method, idempotencyKey), verdict);
    }

    // A proxy that wants credentials is a client error with the proxy's
    // 407, whether or not Qt saw the status (SOCKS5 has none).
    void proxyCredentialsAreAClientError()
    {
        for (const std::optional<int> status : {noStatus(), std::optional<int>(407)}) {
            const Classification c
                = ErrorClassifier::classify({QNetworkReply::ProxyAuthenticationRequiredError, status});
            QCOMPARE(c.category, ErrorCategory::ClientError);
            QCOMPARE(c.httpStatus.value_or(0), 407);
            QVERIFY(!c.fromStatus);
        }
    }

    void policyListsDecide()
    {
        RetryPolicy policy;
        policy.retryOnStatus = {500};
        policy.retryOnErrors = {ErrorCategory::DnsFailure};
        const auto verdict = [&policy](Error error, std::optional<int> status, AbortReason abort = AbortReason::None) {
            return ErrorClassifier::decide(policy, ErrorClassifier::classify({error, status, abort}), "GET", false);
        };
        QCOMPARE(verdict(QNetworkReply::NoError, 500), RetryVerdict::Retry);
        QCOMPARE(verdict(QNetworkReply::NoError, 503), RetryVerdict::NotRetriable);
        QCOMPARE(verdict(QNetworkReply::HostNotFoundError, std::nullopt), RetryVerdict::Retry);
        QCOMPARE(verdict(QNetworkReply::OperationCanceledError, std::nullopt, AbortReason::Timeout),
                 RetryVerdict::NotRetriable);
        // 408 got a response: retryOnStatus decides, not retryOnErrors' `timeout`.
        policy.retryOnErrors = {ErrorCategory::Timeout};
        QCOMPARE(verdict(QNetworkReply::NoError, 408), RetryVerdict::NotRetriable);
        policy.retryOnStatus = {408};
        policy.retryOnErrors = {};
        QCOMPARE(verdict(QNetworkReply::NoError, 408), RetryVerdict::Retry);
        QCOMPARE(verdict(QNetworkReply::OperationCanceledError, std::nullopt, AbortReason::Timeout),
                 RetryVerdict::NotRetriable);
        // retryNonIdempotent lets POST through.
        policy.retryNonIdempotent = true;
        QCOMPARE(
            ErrorClassifier::decide(policy, ErrorClassifier::classify({QNetworkReply::NoError, 408}), "POST", false),
            RetryVerdict::Retry);
    }

    void idempotentMethods()
    {
        for (const char *method : {"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"})
            QVERIFY2(ErrorClassifier::isIdempotentMethod(method), method);
        for (const char *method : {"POST", "PATCH", "CONNECT", "get", "", "GETX"})
            QVERIFY2(!ErrorClassifier::isIdempotentMethod(method), method);
    }
};

QTEST_GUILESS_MAIN(TestErrorClassifier)
#include "tst_errorclassifier.moc"
