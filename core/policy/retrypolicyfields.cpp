// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/policy/retrypolicyfields.h"

#include <array>

namespace {

using K = FieldKind;
using R = RetryPolicy;

constexpr double maxMs = double(RetryPolicy::maxDuration.count());

template<typename Enum> QString choices(const QList<Enum> &values, QLatin1String (*nameOf)(Enum))
{
    QStringList names;
    for (const Enum value : values)
        names.append(nameOf(value));
    return names.join(QStringLiteral(", "));
}

const FieldCodec<R> strategyCodec{
    [](JsonFieldReader &reader, QLatin1String key, R &policy) {
        reader.name(key, &strategyFromName, choices(allStrategies(), &strategyName), policy.strategy);
    },
    [](const R &policy) { return QJsonValue(QString(strategyName(policy.strategy))); },
};

const FieldCodec<R> jitterCodec{
    [](JsonFieldReader &reader, QLatin1String key, R &policy) {
        reader.name(key, &jitterFromName, choices(allJitterModes(), &jitterName), policy.jitter);
    },
    [](const R &policy) { return QJsonValue(QString(jitterName(policy.jitter))); },
};

const FieldCodec<R> errorsCodec{
    [](JsonFieldReader &reader, QLatin1String key, R &policy) {
        QStringList names;
        if (!reader.stringList(key, names))
            return;
        QList<ErrorCategory> categories;
        for (const QString &name : std::as_const(names)) {
            if (const auto category = categoryFromName(name))
                categories.append(*category);
            else
                reader.fail(key, QStringLiteral("unknown error category \"%1\"").arg(name));
        }
        policy.retryOnErrors = categories;
    },
    [](const R &policy) {
        QJsonArray names;
        for (const ErrorCategory category : policy.retryOnErrors)
            names.append(QString(categoryName(category)));
        return QJsonValue(names);
    },
};

const std::array<Field<R>, 14> fields{{
    {{.key = QLatin1String("maxAttempts"),
      .label = "Max &attempts",
      .kind = K::Whole,
      .min = 1,
      .max = 100,
      .help = "Attempts per cycle, the first one included (1 = never retry)."},
     &R::maxAttempts},
    {{.key = QLatin1String("strategy"),
      .label = "&Strategy",
      .kind = K::Choice,
      .help = "How the envelope grows: exponential (base × multiplier^(k−1)), linear (base × k) or constant."},
     strategyCodec},
    {{.key = QLatin1String("initialDelayMs"),
      .label = "&Initial delay",
      .kind = K::Milliseconds,
      .max = maxMs,
      .help = "The delay before the first retry: the envelope's base."},
     &R::initialDelay},
    {{.key = QLatin1String("multiplier"),
      .label = "M&ultiplier",
      .kind = K::Number,
      .min = 1,
      .help = "Growth factor of the exponential envelope."},
     &R::multiplier},
    {{.key = QLatin1String("maxDelayMs"),
      .label = "Ma&x delay (cap)",
      .kind = K::Milliseconds,
      .max = maxMs,
      .help = "Cap on any one backoff delay (only an honoured Retry-After may be longer)."},
     &R::maxDelay},
    {{.key = QLatin1String("jitter"),
      .label = "&Jitter",
      .kind = K::Choice,
      .help = "How delays are spread around the envelope so that clients do not retry in lockstep: none, "
              "proportional, full, equal or decorrelated."},
     jitterCodec},
    {{.key = QLatin1String("jitterFactor"),
      .label = "Jitter &factor",
      .kind = K::Number,
      .max = 1,
      .belowMax = true,
      .help = "The spread of proportional jitter: a delay falls in [e·(1−f), e·(1+f)]."},
     &R::jitterFactor},
    {{.key = QLatin1String("deadlineMs"),
      .label = "&Deadline",
      .kind = K::Milliseconds,
      .max = maxMs,
      .help = "Time limit for a whole cycle: no retry is scheduled that would start after it.",
      .offText = "none"},
     &R::deadline},
    {{.key = QLatin1String("retryOnStatus"),
      .label = "Retry &on statuses",
      .kind = K::StatusList,
      .min = 100,
      .max = 599,
      .help = "HTTP statuses that are retried, separated by commas.",
      .offText = "none"},
     &R::retryOnStatus},
    {{.key = QLatin1String("retryOnErrors"),
      .label = "Retry on errors",
      .kind = K::NameList,
      .help = "Transport failures (no HTTP status) that are retried, and assertion_failed: an answer that failed its "
              "checks."},
     errorsCodec},
    {{.key = QLatin1String("respectRetryAfter"),
      .label = "Honour Retry-After on 429 and 503",
      .kind = K::Flag,
      .help = "Honour Retry-After on 429 and 503: the next attempt waits at least that long."},
     &R::respectRetryAfter},
    {{.key = QLatin1String("maxRetryAfterMs"),
      .label = "Lon&gest Retry-After",
      .kind = K::Milliseconds,
      .max = maxMs,
      .help = "The longest Retry-After honoured; a longer one ends the cycle."},
     &R::maxRetryAfter},
    {{.key = QLatin1String("respectRateLimit"),
      .label = "Pace requests by the quota a server announces",
      .kind = K::Flag,
      .help = "When a response says no quota is left (RateLimit, RateLimit-Remaining or X-RateLimit-Remaining "
              "of 0), the next request, a retry or the next cycle, waits until the announced reset plus a small "
              "random spread. Retry-After wins when both are present; a wait longer than the longest Retry-After "
              "ends a failing cycle."},
     &R::respectRateLimit},
    {{.key = QLatin1String("retryNonIdempotent"),
      .label = "Also retry POST and PATCH without an idempotency key",
      .kind = K::Flag,
      .help = "Also retry POST and PATCH without an idempotency key (the server may apply them twice)."},
     &R::retryNonIdempotent},
}};

} // namespace

std::span<const Field<RetryPolicy>> retryPolicyFields()
{
    return fields;
}
