// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/breaker/retrybudget.h"

#include "core/breaker/breakerfields.h"

#include <algorithm>
#include <cmath>

QStringList BudgetPolicy::validate() const
{
    QStringList problems = FieldTable::rangeProblems(*this, budgetPolicyFields(), QStringLiteral("budget."));
    if (tokenRatio > maxTokens)
        problems.append(QStringLiteral("budget.tokenRatio: must not exceed budget.maxTokens (%1 > %2)")
                            .arg(tokenRatio)
                            .arg(maxTokens));
    return problems;
}

BudgetPolicyReadResult readBudgetPolicy(const QJsonObject &object, const BudgetPolicy &base)
{
    return FieldTable::readObject(object, base, QStringLiteral("budget"), budgetPolicyFields());
}

QJsonObject toJson(const BudgetPolicy &policy)
{
    return FieldTable::writeObject(policy, budgetPolicyFields());
}

RetryBudget::RetryBudget(const BudgetPolicy &policy)
    : m_policy(policy)
    , m_tokens(policy.maxTokens)
{ }

void RetryBudget::recordFailure()
{
    m_tokens = std::max(0.0, m_tokens - 1.0);
}

void RetryBudget::recordSuccess()
{
    m_tokens = std::min(m_policy.maxTokens, m_tokens + m_policy.tokenRatio);
}

bool RetryBudget::allowsRetry() const
{
    return !m_policy.enabled || m_tokens > m_policy.maxTokens / 2.0;
}
