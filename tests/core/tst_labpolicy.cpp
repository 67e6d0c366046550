// SPDX-License-Identifier: GPL-3.0-or-later
// Candidate policies for the policy lab: merged key by key over an
// endpoint's own settings, and every bad file refused naming the key.
#include "core/lab/labpolicy.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace std::chrono_literals;

namespace {

Endpoint own()
{
    Endpoint e;
    e.name = QStringLiteral("orders");
    e.url = QUrl(QStringLiteral("https://api.example.com/orders"));
    e.headers = {{QStringLiteral("Authorization"), QStringLiteral("Bearer ${env:LAB_TEST_UNSET_TOKEN}")}};
    e.interval = 1000ms;
    e.retry.maxAttempts = 5;
    e.retry.initialDelay = 200ms;
    e.breaker.failureThreshold = 7;
    return e;
}

} // namespace

class TestLabPolicy final : public QObject
{
    Q_OBJECT

private slots:
    void mergedKeyByKey()
    {
        const Lab::PolicyFile policy = Lab::parsePolicy(
            "{\"intervalMs\": 2000, \"retry\": {\"maxAttempts\": 2}, \"breaker\": {\"openMs\": 60000}}",
            QStringLiteral("fewer.json"));
        QVERIFY2(policy.ok(), qPrintable(policy.error));
        QCOMPARE(policy.name, QStringLiteral("fewer.json"));
        Endpoint result;
        QCOMPARE(Lab::applyPolicy(own(), policy.object, result), QString());
        QCOMPARE(result.interval, 2000ms);
        QCOMPARE(result.retry.maxAttempts, 2);
        QCOMPARE(result.retry.initialDelay, 200ms); // the endpoint's own, kept
        QCOMPARE(result.breaker.openDuration, 60000ms);
        QCOMPARE(result.breaker.failureThreshold, 7);
        QCOMPARE(result.name, own().name);
        QCOMPARE(result.url, own().url);
        QCOMPARE(result.headers, own().headers); // kept as written, never resolved

        Endpoint same;
        QCOMPARE(Lab::applyPolicy(own(), QJsonObject(), same), QString());
        QCOMPARE(same.retry, own().retry);
        QCOMPARE(same.breaker, own().breaker);
        QCOMPARE(same.budget, own().budget);
    }

    void badPoliciesNameTheKey_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("error");
        QTest::newRow("not JSON") << QByteArray("{\"retry\": ") << "p.json: line 1, column 11: JSON syntax error";
        QTest::newRow("array") << QByteArray("[1]") << "p.json: a policy must be a JSON object";
        QTest::newRow("top key") << QByteArray("{\"url\": \"http://x/\"}")
                                 << "p.json: url: not a key a policy may set (intervalMs, timeoutMs, retry, budget, "
                                    "breaker)";
    }

    void badPoliciesNameTheKey()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, error);
        const Lab::PolicyFile policy = Lab::parsePolicy(json, QStringLiteral("p.json"));
        QVERIFY2(policy.error.startsWith(error), qPrintable(policy.error));
    }

    void badValuesNameTheKey_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("key");
        QTest::newRow("range") << QByteArray("{\"retry\": {\"maxAttempts\": 0}}") << "retry.maxAttempts";
        QTest::newRow("nested key") << QByteArray("{\"retry\": {\"tries\": 3}}") << "retry.tries";
        QTest::newRow("type") << QByteArray("{\"intervalMs\": \"fast\"}") << "intervalMs";
        QTest::newRow("breaker") << QByteArray("{\"breaker\": {\"openJitter\": 2}}") << "breaker.openJitter";
    }

    void badValuesNameTheKey()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, key);
        const Lab::PolicyFile policy = Lab::parsePolicy(json, QStringLiteral("p.json"));
        QVERIFY2(policy.ok(), qPrintable(policy.error));
        Endpoint result;
        const QString problem = Lab::applyPolicy(own(), policy.object, result);
        QVERIFY2(problem.startsWith(key + u':'), qPrintable(problem));
    }

    void files()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("one-attempt.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"retry\": {\"maxAttempts\": 1}}");
        file.close();
        const Lab::PolicyFile read = Lab::readPolicyFile(path);
        QVERIFY2(read.ok(), qPrintable(read.error));
        QCOMPARE(read.name, QStringLiteral("one-attempt.json"));
        const Lab::PolicyFile missing = Lab::readPolicyFile(dir.filePath(QStringLiteral("none.json")));
        QVERIFY2(missing.error.contains(QLatin1String("none.json: cannot read")), qPrintable(missing.error));
    }
};

QTEST_GUILESS_MAIN(TestLabPolicy)
#include "tst_labpolicy.moc"
