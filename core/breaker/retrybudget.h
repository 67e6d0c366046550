// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/util/policyreadresult.h"

#include <QJsonObject>
#include <QStringList>

// docs/endpoints-file.md's retry budget (after gRPC retry throttling): the `budget` object.
struct BudgetPolicy
{
    bool enabled = true;
    double maxTokens = 10;
    double tokenRatio = 0.1;
    QString key; // endpoints naming the same key share one budget

    [[nodiscard]] QStringList validate() const;
    friend bool operator==(const BudgetPolicy &, const BudgetPolicy &) = default;
};

using BudgetPolicyReadResult = PolicyReadResult<BudgetPolicy>;

[[nodiscard]] BudgetPolicyReadResult readBudgetPolicy(const QJsonObject &object, const BudgetPolicy &base = {});
[[nodiscard]] QJsonObject toJson(const BudgetPolicy &policy);

// The token bucket itself. Starts full; each failed attempt (failed as the
// breaker counts failures) costs one token, floored at 0; each success adds
// tokenRatio, capped at maxTokens; a retry is allowed only while
// tokens > maxTokens / 2. A disabled budget always allows.
class RetryBudget
{
public:
    explicit RetryBudget(const BudgetPolicy &policy = {});

    void recordFailure();
    void recordSuccess();
    [[nodiscard]] bool allowsRetry() const;
    [[nodiscard]] double tokens() const { return m_tokens; }
    [[nodiscard]] const BudgetPolicy &policy() const { return m_policy; }

private:
    BudgetPolicy m_policy;
    double m_tokens;
};
