// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/breaker/retrybudget.h"

#include <QJsonDocument>
#include <QTest>

class TestRetryBudget final : public QObject
{
    Q_OBJECT

private slots:
    void startsFullAndStopsRetriesBelowHalf()
    {
        RetryBudget budget;
        QCOMPARE(budget.tokens(), 10.0);
        for (int i = 0; i < 4; ++i)
            budget.recordFailure();
        QCOMPARE(budget.tokens(), 6.0);
        QVERIFY(budget.allowsRetry());
        budget.recordFailure();
        QCOMPARE(budget.tokens(), 5.0);
        QVERIFY(!budget.allowsRetry()); // needs tokens > maxTokens / 2
        for (int i = 0; i < 20; ++i)
            budget.recordFailure();
        QCOMPARE(budget.tokens(), 0.0); // floored
    }

    void successesRefillUpToTheCap()
    {
        RetryBudget budget;
        for (int i = 0; i < 6; ++i)
            budget.recordFailure();
        QVERIFY(!budget.allowsRetry());
        for (int i = 0; i < 10; ++i)
            budget.recordSuccess();
        QVERIFY(!budget.allowsRetry()); // 4 + 10 x 0.1 = 5: still not above half
        budget.recordSuccess();
        QVERIFY(budget.allowsRetry());
        QCOMPARE(budget.tokens(), 5.1);
        for (int i = 0; i < 1000; ++i)
            budget.recordSuccess();
        QCOMPARE(budget.tokens(), 10.0);
    }

    void disabledAlwaysAllows()
    {
        BudgetPolicy policy;
        policy.enabled = false;
        RetryBudget budget(policy);
        for (int i = 0; i < 50; ++i)
            budget.recordFailure();
        QVERIFY(budget.allowsRetry());
    }

    void policyFromJson()
    {
        const auto read
            = [](const char *text) { return readBudgetPolicy(QJsonDocument::fromJson(QByteArray(text)).object()); };
        const auto ok = read(R"({"maxTokens": 4, "tokenRatio": 0.5, "key": "payments"})");
        QVERIFY(ok.ok());
        QCOMPARE(ok.policy.maxTokens, 4.0);
        QCOMPARE(ok.policy.tokenRatio, 0.5);
        QCOMPARE(readBudgetPolicy(toJson(ok.policy)).policy, ok.policy);
        QVERIFY(read(R"({"maxTokens": 0})")
                    .problems.contains(
                        QStringLiteral("budget.maxTokens: must be a number above 0 and at most 1000000 (got 0)")));
        QCOMPARE(read(R"({"maxTokens": 2, "tokenRatio": 3})").problems,
                 QStringList{QStringLiteral("budget.tokenRatio: must not exceed budget.maxTokens (3 > 2)")});
        QCOMPARE(read(R"({"tokenRatio": 0})").problems,
                 QStringList{QStringLiteral("budget.tokenRatio: must be a number above 0 (got 0)")});
        QCOMPARE(read(R"({"tokens": 1})").problems, QStringList{QStringLiteral("budget.tokens: unknown key")});
        QCOMPARE(read(R"({"enabled": 1})").problems,
                 QStringList{QStringLiteral("budget.enabled: expected true or false, got 1")});
    }
};

QTEST_GUILESS_MAIN(TestRetryBudget)
#include "tst_retrybudget.moc"
