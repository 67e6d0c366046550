// SPDX-License-Identifier: GPL-3.0-or-later
// The `assert` checks (docs/endpoints-file.md): each passing and failing on
// its own, the messages that say which, and the keys' rules.
#include "core/policy/responseassertions.h"

#include <QJsonDocument>
#include <QTest>

using namespace std::chrono_literals;

namespace {

ResponseAssertions pointer(const char *path, const QJsonValue &equals = QJsonValue(QJsonValue::Undefined))
{
    ResponseAssertions a;
    a.jsonPointer = QString::fromUtf8(path);
    a.equals = equals;
    return a;
}

const QByteArray health = R"({"status":"degraded","checks":[{"ok":true},{"ok":false}],"a/b":1,"m~n":2,"n":3})";

} // namespace

class TestResponseAssertions final : public QObject
{
    Q_OBJECT

private slots:
    void failures_data()
    {
        QTest::addColumn<ResponseAssertions>("assertions");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<qint64>("latencyMs");
        QTest::addColumn<QString>("failure");
        ResponseAssertions contains;
        contains.bodyContains = QStringLiteral("degraded");
        QTest::newRow("contains, holds") << contains << health << qint64(5) << QString();
        contains.bodyContains = QStringLiteral("UP");
        QTest::newRow("contains, fails") << contains << health << qint64(5)
                                         << QStringLiteral("the body does not contain \"UP\"");
        QTest::newRow("equals, fails") << pointer("/status", QStringLiteral("ok")) << health << qint64(5)
                                       << QStringLiteral("/status is \"degraded\", expected \"ok\"");
        QTest::newRow("equals, holds") << pointer("/status", QStringLiteral("degraded")) << health << qint64(5)
                                       << QString();
        QTest::newRow("array index") << pointer("/checks/1/ok", true) << health << qint64(5)
                                     << QStringLiteral("/checks/1/ok is false, expected true");
        QTest::newRow("escaped ~1 and ~0") << pointer("/a~1b", 1) << health << qint64(5) << QString();
        QTest::newRow("escaped ~0") << pointer("/m~0n", 2.0) << health << qint64(5) << QString(); // 2 == 2.0
        QTest::newRow("exists, holds") << pointer("/n") << health << qint64(5) << QString();
        QTest::newRow("missing") << pointer("/version") << health << qint64(5) << QStringLiteral("/version is missing");
        QTest::newRow("index out of range") << pointer("/checks/2") << health << qint64(5)
                                            << QStringLiteral("/checks/2 is missing (the array has 2 items)");
        QTest::newRow("leading zero index") << pointer("/checks/01") << health << qint64(5)
                                            << QStringLiteral("/checks/01 is missing (the array has 2 items)");
        QTest::newRow("through a scalar")
            << pointer("/status/x") << health << qint64(5)
            << QStringLiteral("/status/x is missing (/status is \"degraded\", not an object or array)");
        QTest::newRow("object value") << pointer("/checks/0", QJsonObject{{QStringLiteral("ok"), false}}) << health
                                      << qint64(5)
                                      << QStringLiteral("/checks/0 is {\"ok\":true}, expected {\"ok\":false}");
        QTest::newRow("not JSON") << pointer("/status") << QByteArray("<html>") << qint64(5)
                                  << QStringLiteral("the body is not JSON (illegal value at byte 1)");
        ResponseAssertions fast;
        fast.maxLatency = 100ms;
        QTest::newRow("latency at the limit") << fast << QByteArray() << qint64(100) << QString();
        QTest::newRow("latency over") << fast << QByteArray() << qint64(101)
                                      << QStringLiteral("took 101 ms, more than 100 ms");
        ResponseAssertions all = pointer("/status", QStringLiteral("ok"));
        all.bodyContains = QStringLiteral("UP");
        all.maxLatency = 10ms;
        QTest::newRow("every failure said")
            << all << health << qint64(20)
            << QStringLiteral("took 20 ms, more than 10 ms; the body does not contain \"UP\"; /status is "
                              "\"degraded\", expected \"ok\"");
    }

    void failures()
    {
        QFETCH(ResponseAssertions, assertions);
        QFETCH(QByteArray, body);
        QFETCH(qint64, latencyMs);
        QFETCH(QString, failure);
        QVERIFY(assertions.any());
        QCOMPARE(assertions.failure(body, std::chrono::milliseconds(latencyMs)), failure);
    }

    void readAndWrite()
    {
        const auto read = [](const char *text) {
            return readResponseAssertions(QJsonDocument::fromJson(QByteArray(text)).object());
        };
        const auto ok = read(R"({"jsonPointer": "/status", "equals": {"a": [1, null]}, "maxLatencyMs": 500})");
        QVERIFY2(ok.ok(), qPrintable(ok.problems.join(u'\n')));
        QCOMPARE(ok.policy.equals.toObject().value(QStringLiteral("a")).toArray().size(), 2);
        QCOMPARE(ok.policy.maxLatency, 500ms);
        QCOMPARE(readResponseAssertions(toJson(ok.policy)).policy, ok.policy);
        QCOMPARE(toJson(ResponseAssertions{}),
                 (QJsonObject{{QStringLiteral("maxLatencyMs"), 0}})); // empty texts left out
        QVERIFY(!ResponseAssertions{}.any());
        QCOMPARE(read(R"({"jsonPointer": "status"})").problems,
                 QStringList{QStringLiteral(
                     "assert.jsonPointer: \"status\" is not a JSON Pointer: it must start with / (e.g. /status)")});
        QCOMPARE(read(R"({"jsonPointer": "/a~2"})").problems,
                 QStringList{QStringLiteral("assert.jsonPointer: \"/a~2\" is not a JSON Pointer: ~ must be followed "
                                            "by 0 or 1 (~0 is ~, ~1 is /)")});
        QCOMPARE(
            read(R"({"equals": "UP"})").problems,
            QStringList{QStringLiteral("assert.equals: needs assert.jsonPointer, the place in the body to compare")});
        QCOMPARE(read(R"({"bodyContain": "x"})").problems,
                 QStringList{QStringLiteral("assert.bodyContain: unknown key")});
        QCOMPARE(read(R"({"maxLatencyMs": -1})").problems,
                 QStringList{QStringLiteral("assert.maxLatencyMs: must be from 0 to 2147483647 (got -1)")});
        QCOMPARE(read(R"({"bodyContains": 5})").problems,
                 QStringList{QStringLiteral("assert.bodyContains: expected a string, got 5")});
    }
};

Q_DECLARE_METATYPE(ResponseAssertions)

QTEST_GUILESS_MAIN(TestResponseAssertions)
#include "tst_responseassertions.moc"
