// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/breaker/breakerfields.h"

#include "core/policy/retrypolicy.h"

#include <array>

namespace {

using K = FieldKind;
using B = BreakerPolicy;
using Budget = BudgetPolicy;

// The longest wait a Qt timer can express, as for every duration of the file.
constexpr double maxMs = double(RetryPolicy::maxDuration.count());

const std::array<Field<B>, 13> breakerFields{{
    {{.key = QLatin1String("enabled"),
      .label = "Guard this endpoint with a circuit breaker",
      .kind = K::Flag,
      .help = "A circuit breaker stops sending to a failing service, waits, then probes."},
     &B::enabled},
    {{.key = QLatin1String("failureThreshold"),
      .label = "Consecutive failures to open",
      .kind = K::Whole,
      .min = 1,
      .max = 1000000,
      .help = "Consecutive failed attempts that open the breaker."},
     &B::failureThreshold},
    {{.key = QLatin1String("failureRatePercent"),
      .label = "Failure rate to open",
      .kind = K::Whole,
      .max = 100,
      .help = "Also open when the failure rate over the window reaches this percentage.",
      .offText = "off",
      .unit = " %"},
     &B::failureRatePercent},
    {{.key = QLatin1String("windowSize"),
      .label = "Window (attempts)",
      .kind = K::Whole,
      .min = 1,
      .max = 100000,
      .help = "Attempts in the sliding window for the failure rate."},
     &B::windowSize},
    {{.key = QLatin1String("minimumCalls"),
      .label = "Minimum calls",
      .kind = K::Whole,
      .min = 1,
      .max = 100000,
      .help = "Attempts needed in the window before the rate counts (at most the window)."},
     &B::minimumCalls},
    {{.key = QLatin1String("openMs"),
      .label = "Open for",
      .kind = K::Milliseconds,
      .max = maxMs,
      .help = "How long the breaker stays open before probing."},
     &B::openDuration},
    {{.key = QLatin1String("openBackoffMultiplier"),
      .label = "Re-open multiplier",
      .kind = K::Number,
      .min = 1,
      .help = "Each re-open after a failed probe multiplies the open time by this, up to the longest open."},
     &B::openBackoffMultiplier},
    {{.key = QLatin1String("maxOpenMs"),
      .label = "Longest open",
      .kind = K::Milliseconds,
      .max = maxMs,
      .help = "Cap on the open time (not less than the open time)."},
     &B::maxOpenDuration},
    {{.key = QLatin1String("halfOpenProbes"),
      .label = "Half-open probes",
      .kind = K::Whole,
      .min = 1,
      .max = 1000,
      .help = "Requests let through when half-open; all must succeed to close."},
     &B::halfOpenProbes},
    {{.key = QLatin1String("openJitter"),
      .label = "Open-period jitter",
      .kind = K::Number,
      .max = 1,
      .help = "Each open period is drawn from [d, d·(1 + jitter)], d the period before jitter (the next one grows "
              "from d), so that breakers that opened together do not all probe at the same moment. 0 = off.",
      .offText = "off"},
     &B::openJitter},
    {{.key = QLatin1String("slowCallDurationMs"),
      .label = "Slow call from",
      .kind = K::Milliseconds,
      .max = maxMs,
      .help = "A success that takes at least this long is a slow call: marked in the log and the charts, and "
              "counted by the slow-call rate below. 0 = off.",
      .offText = "off"},
     &B::slowCallDuration},
    {{.key = QLatin1String("slowCallRatePercent"),
      .label = "Slow-call rate to open",
      .kind = K::Whole,
      .min = 1,
      .max = 100,
      .help = "Also open when slow calls make up this share of the calls in the window (failures count as calls, "
              "not as slow), once the window holds the minimum calls. Needs a slow-call duration.",
      .unit = " %"},
     &B::slowCallRatePercent},
    {{.key = QLatin1String("key"),
      .label = "Shared key",
      .kind = K::Text,
      .help = "Endpoints naming the same key share one breaker (with identical settings).",
      .offText = "the endpoint's own",
      .writtenWhenEmpty = false},
     &B::key},
}};

const std::array<Field<Budget>, 4> budgetFields{{
    {{.key = QLatin1String("enabled"),
      .label = "Limit retries with a retry budget",
      .kind = K::Flag,
      .help = "A retry budget (token bucket) limits retries when most attempts fail."},
     &Budget::enabled},
    {{.key = QLatin1String("maxTokens"),
      .label = "Max tokens",
      .kind = K::Number,
      .max = 1000000,
      .aboveMin = true,
      .help = "Tokens the budget holds when full; each failure costs 1, a retry needs more than half."},
     &Budget::maxTokens},
    {{.key = QLatin1String("tokenRatio"),
      .label = "Token ratio",
      .kind = K::Number,
      .aboveMin = true,
      .help = "Tokens each success gives back (at most the budget's max tokens)."},
     &Budget::tokenRatio},
    {{.key = QLatin1String("key"),
      .label = "Shared key",
      .kind = K::Text,
      .help = "Endpoints naming the same key share one budget (with identical settings).",
      .offText = "the endpoint's own",
      .writtenWhenEmpty = false},
     &Budget::key},
}};

} // namespace

std::span<const Field<BreakerPolicy>> breakerPolicyFields()
{
    return breakerFields;
}

std::span<const Field<BudgetPolicy>> budgetPolicyFields()
{
    return budgetFields;
}
