// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/policy/retrypolicyjson.h"

#include "core/policy/retrypolicyfields.h"

RetryPolicyReadResult readRetryPolicy(const QJsonObject &object, const RetryPolicy &base)
{
    return FieldTable::readObject(object, base, QStringLiteral("retry"), retryPolicyFields());
}

QJsonObject toJson(const RetryPolicy &policy)
{
    return FieldTable::writeObject(policy, retryPolicyFields());
}
