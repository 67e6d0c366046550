// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/util/policyreadresult.h"

#include <QJsonObject>
#include <QLatin1String>
#include <QStringList>

#include <chrono>
#include <optional>

// docs/endpoints-file.md's states, plus the two manual ones set from the GUI.
enum class BreakerState { Closed, Open, HalfOpen, ForcedOpen, Disabled };

[[nodiscard]] QLatin1String breakerStateName(BreakerState state);
[[nodiscard]] std::optional<BreakerState> breakerStateFromName(QAnyStringView name);

// docs/endpoints-file.md: the `breaker` object of an endpoint. Defaults are the documented ones.
struct BreakerPolicy
{
    bool enabled = true;
    int failureThreshold = 5;
    int failureRatePercent = 0; // 0 = rate rule off
    int windowSize = 20;
    int minimumCalls = 10;
    std::chrono::milliseconds openDuration{30000}; // openMs
    double openBackoffMultiplier = 2.0;
    std::chrono::milliseconds maxOpenDuration{300000}; // maxOpenMs
    int halfOpenProbes = 1;
    // Each open period is drawn from [d, d·(1 + openJitter)], d the period
    // before jitter, so breakers that opened together do not probe together.
    double openJitter = 0.1;
    // A success that takes at least this long is a slow call (0 = off); the
    // breaker also opens when slow calls reach slowCallRatePercent of the
    // window's calls (windowSize, minimumCalls).
    std::chrono::milliseconds slowCallDuration{0}; // slowCallDurationMs
    int slowCallRatePercent = 100;
    QString key; // endpoints naming the same key share one breaker

    // One message per problem, naming the key as the file spells it.
    [[nodiscard]] QStringList validate() const;

    friend bool operator==(const BreakerPolicy &, const BreakerPolicy &) = default;
};

using BreakerPolicyReadResult = PolicyReadResult<BreakerPolicy>;

// Reads the `breaker` object on top of `base`, key by key.
[[nodiscard]] BreakerPolicyReadResult readBreakerPolicy(const QJsonObject &object, const BreakerPolicy &base = {});
[[nodiscard]] QJsonObject toJson(const BreakerPolicy &policy);
