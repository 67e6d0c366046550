// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/policy/retrypolicyjson.h"

#include "core/policy/retrypolicyfields.h"

RetryPolicyReadResult readRetryPolicy(const QJsonObject &object, const RetryPolicy &base)
{
    RetryPolicyReadResult result{base, {}};
    JsonFieldReader reader(object, QStringLiteral("retry"));
    reader.rejectUnknownKeys(FieldTable::keys(retryPolicyFields()));
    FieldTable::read(reader, retryPolicyFields(), result.policy);
    result.problems = reader.problems();
    if (result.problems.isEmpty())
        result.problems = result.policy.validate();
    return result;
}

QJsonObject toJson(const RetryPolicy &policy)
{
    QJsonObject object;
    FieldTable::write(policy, retryPolicyFields(), object);
    return object;
}
