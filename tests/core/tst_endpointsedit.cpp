// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/config/endpointjson.h"
#include "core/config/endpointsedit.h"

#include <QJsonArray>
#include <QTest>

using namespace std::chrono_literals;

// JSON below writes "://" as ":\/\/": moc in Qt 6.4 takes "//" inside a raw
// string literal for a comment.

namespace {

QProcessEnvironment environment()
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("TOKEN"), QStringLiteral("s3cret"));
    return env;
}

EndpointsDocument document()
{
    const auto loaded = EndpointsFile::parse(R"({"version": 1,
        "defaults": {"intervalMs": 2000, "headers": {"Authorization": "Bearer ${env:TOKEN}"},
                     "retry": {"maxAttempts": 3}, "breaker": {"key": "shared"}},
        "endpoints": [{"name": "a", "url": "http:\/\/127.0.0.1/a"},
                      {"name": "b", "url": "http:\/\/127.0.0.1/b", "retry": {"jitter": "full"}}]})",
                                             QStringLiteral("test"), environment());
    Q_ASSERT(loaded.ok());
    return loaded.document;
}

} // namespace

class TestEndpointsEdit final : public QObject
{
    Q_OBJECT

private slots:
    void everyKeyRoundTrips()
    {
        Endpoint e;
        e.name = QStringLiteral("full");
        e.url = QUrl(QStringLiteral("https://h.example/p?q=a%20b"));
        e.method = "PATCH";
        e.headers = {{QStringLiteral("X-Key"), QStringLiteral("${env:TOKEN}")}};
        e.body = "{\"x\":1}";
        e.interval = 1500ms;
        e.timeout = 900ms;
        e.expectStatus = {200, 204};
        e.idempotencyKey = true;
        e.enabled = false;
        e.retry.maxAttempts = 7;
        e.retry.jitter = JitterMode::Decorrelated;
        e.retry.retryOnErrors = {ErrorCategory::Timeout};
        e.budget.maxTokens = 4;
        e.breaker.failureRatePercent = 50;
        e.breaker.key = QStringLiteral("k");
        EndpointsDocument empty;
        const auto result = EndpointsEdit::put(empty, -1, e, environment());
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(result.document.endpoints, QList<Endpoint>{e});
    }

    void writesOnlyWhatDiffersFromTheDefaults()
    {
        const EndpointsDocument doc = document();
        Endpoint b = doc.endpoints.at(1);
        b.retry.maxAttempts = 4;
        b.timeout = 3s;
        const OwnObject own = endpointObject(b, doc.defaults);
        QCOMPARE(own.error, QString());
        QCOMPARE(own.object.keys(),
                 (QStringList{QStringLiteral("name"), QStringLiteral("retry"), QStringLiteral("timeoutMs"),
                              QStringLiteral("url")}));
        // The inherited header, interval and breaker key are not repeated.
        QCOMPARE(own.object.value(QStringLiteral("retry")).toObject(),
                 (QJsonObject{{QStringLiteral("maxAttempts"), 4}, {QStringLiteral("jitter"), QStringLiteral("full")}}));

        const auto result = EndpointsEdit::put(doc, 1, b, environment());
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(result.document.endpoints.at(1), b);
        QCOMPARE(result.document.endpoints.at(0), doc.endpoints.at(0));
        // The header template is kept, never the resolved secret.
        QCOMPARE(result.document.endpoints.at(1).headers.constFirst().second, QStringLiteral("Bearer ${env:TOKEN}"));
    }

    void clearingASharedKeyIsWritten()
    {
        const EndpointsDocument doc = document();
        Endpoint a = doc.endpoints.at(0);
        a.breaker.key.clear();
        const auto result = EndpointsEdit::put(doc, 0, a, environment());
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(result.document.endpoints.at(0).breaker.key, QString());
        QCOMPARE(result.document.endpoints.at(1).breaker.key, QStringLiteral("shared"));
    }

    void refusals()
    {
        const EndpointsDocument doc = document();
        Endpoint a = doc.endpoints.at(0);
        a.name = QStringLiteral("b");
        QCOMPARE(EndpointsEdit::put(doc, 0, a, environment()).error,
                 QStringLiteral("name: \"b\" is already taken by another endpoint"));

        a = doc.endpoints.at(0);
        a.url = QUrl(QStringLiteral("ftp://h/"));
        QCOMPARE(EndpointsEdit::put(doc, 0, a, environment()).error,
                 QStringLiteral("url: \"ftp://h/\" is not an http or https URL"));

        a = doc.endpoints.at(0);
        a.headers.append({QStringLiteral("X-Other"), QStringLiteral("${env:UNSET_VARIABLE}")});
        QCOMPARE(EndpointsEdit::put(doc, 0, a, environment()).error,
                 QStringLiteral("headers.X-Other: environment variable UNSET_VARIABLE is not set"));

        a = doc.endpoints.at(0);
        a.headers.clear();
        QVERIFY(EndpointsEdit::put(doc, 0, a, environment())
                    .error.startsWith(
                        QLatin1String("headers.Authorization: set for every endpoint by the file's defaults")));

        a = doc.endpoints.at(0);
        a.breaker.failureThreshold = 9; // shares "shared" with b, which keeps 5
        QVERIFY2(
            EndpointsEdit::put(doc, 0, a, environment()).error.contains(QLatin1String("shares breaker.key \"shared\"")),
            qPrintable(EndpointsEdit::put(doc, 0, a, environment()).error));

        QCOMPARE(EndpointsEdit::put(doc, 5, a, environment()).error, QStringLiteral("no endpoint at position 5"));
        QCOMPARE(EndpointsEdit::remove(doc, 2, environment()).error, QStringLiteral("no endpoint at position 2"));
    }

    void removeAndCopyNames()
    {
        const EndpointsDocument doc = document();
        const auto removed = EndpointsEdit::remove(doc, 0, environment());
        QVERIFY(removed.ok());
        QCOMPARE(removed.document.endpoints.size(), 1);
        QCOMPARE(removed.document.endpoints.constFirst().name, QStringLiteral("b"));
        QCOMPARE(removed.document.defaults, doc.defaults);

        QCOMPARE(EndpointsEdit::copyName(doc, QStringLiteral("a")), QStringLiteral("a (copy)"));
        Endpoint copy = doc.endpoints.at(0);
        copy.name = EndpointsEdit::copyName(doc, copy.name);
        const auto added = EndpointsEdit::put(doc, -1, copy, environment());
        QVERIFY(added.ok());
        QCOMPARE(EndpointsEdit::copyName(added.document, QStringLiteral("a")), QStringLiteral("a (copy 2)"));
        QCOMPARE(EndpointsEdit::indexOf(added.document, QStringLiteral("a (copy)")), 2);
        QCOMPARE(EndpointsEdit::indexOf(added.document, QStringLiteral("zzz")), -1);
    }
};

QTEST_GUILESS_MAIN(TestEndpointsEdit)
#include "tst_endpointsedit.moc"
