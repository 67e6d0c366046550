// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/policy/retrypolicy.h"
#include "core/util/policyreadresult.h"

#include <QJsonObject>

using RetryPolicyReadResult = PolicyReadResult<RetryPolicy>;

// Reads the `retry` object of the endpoints file (docs/endpoints-file.md) on top of `base`,
// key by key, so that `base` can be the defaults or an already merged
// `defaults.retry`. Unknown keys, wrong types, unknown strategy or jitter
// names and out-of-range values are reported, each naming its key.
[[nodiscard]] RetryPolicyReadResult readRetryPolicy(const QJsonObject &object, const RetryPolicy &base = {});

// The inverse: every key, so that a written file states the whole policy.
[[nodiscard]] QJsonObject toJson(const RetryPolicy &policy);
