// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/breaker/retrybudget.h"

#include "core/util/jsonfieldreader.h"

#include <algorithm>
#include <cmath>

QStringList BudgetPolicy::validate() const
{
    QStringList problems;
    if (!std::isfinite(maxTokens) || maxTokens <= 0 || maxTokens > 1e6)
        problems.append(
            QStringLiteral("budget.maxTokens: must be a number above 0 and at most 1000000 (got %1)").arg(maxTokens));
    if (!std::isfinite(tokenRatio) || tokenRatio <= 0 || tokenRatio > maxTokens)
        problems.append(
            QStringLiteral("budget.tokenRatio: must be a number above 0 and at most budget.maxTokens (got %1)")
                .arg(tokenRatio));
    return problems;
}

BudgetPolicyReadResult readBudgetPolicy(const QJsonObject &object, const BudgetPolicy &base)
{
    BudgetPolicyReadResult result{base, {}};
    JsonFieldReader reader(object, QStringLiteral("budget"));
    reader.rejectUnknownKeys(
        {QLatin1String("enabled"), QLatin1String("maxTokens"), QLatin1String("tokenRatio"), QLatin1String("key")});
    reader.boolean(QLatin1String("enabled"), result.policy.enabled);
    reader.number(QLatin1String("maxTokens"), result.policy.maxTokens);
    reader.number(QLatin1String("tokenRatio"), result.policy.tokenRatio);
    reader.string(QLatin1String("key"), result.policy.key);
    result.problems = reader.problems();
    if (result.problems.isEmpty())
        result.problems = result.policy.validate();
    return result;
}

QJsonObject toJson(const BudgetPolicy &policy)
{
    QJsonObject object{{QStringLiteral("enabled"), policy.enabled},
                       {QStringLiteral("maxTokens"), policy.maxTokens},
                       {QStringLiteral("tokenRatio"), policy.tokenRatio}};
    if (!policy.key.isEmpty())
        object.insert(QStringLiteral("key"), policy.key);
    return object;
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
