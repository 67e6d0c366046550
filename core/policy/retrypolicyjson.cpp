// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/policy/retrypolicyjson.h"

#include "core/util/jsonfieldreader.h"

#include <QJsonArray>

namespace {

template<typename Enum> QString choices(const QList<Enum> &values, QLatin1String (*nameOf)(Enum))
{
    QStringList names;
    for (const Enum value : values)
        names.append(nameOf(value));
    return names.join(QStringLiteral(", "));
}

} // namespace

RetryPolicyReadResult readRetryPolicy(const QJsonObject &object, const RetryPolicy &base)
{
    RetryPolicyReadResult result{base, {}};
    RetryPolicy &policy = result.policy;
    JsonFieldReader reader(object, QStringLiteral("retry"));

    reader.rejectUnknownKeys({QLatin1String("maxAttempts"), QLatin1String("strategy"), QLatin1String("initialDelayMs"),
                              QLatin1String("multiplier"), QLatin1String("maxDelayMs"), QLatin1String("jitter"),
                              QLatin1String("jitterFactor"), QLatin1String("deadlineMs"),
                              QLatin1String("retryOnStatus"), QLatin1String("retryOnErrors"),
                              QLatin1String("respectRetryAfter"), QLatin1String("maxRetryAfterMs"),
                              QLatin1String("retryNonIdempotent")});
    reader.wholeNumber(QLatin1String("maxAttempts"), policy.maxAttempts);
    reader.name(QLatin1String("strategy"), &strategyFromName, choices(allStrategies(), &strategyName), policy.strategy);
    reader.milliseconds(QLatin1String("initialDelayMs"), policy.initialDelay);
    reader.number(QLatin1String("multiplier"), policy.multiplier);
    reader.milliseconds(QLatin1String("maxDelayMs"), policy.maxDelay);
    reader.name(QLatin1String("jitter"), &jitterFromName, choices(allJitterModes(), &jitterName), policy.jitter);
    reader.number(QLatin1String("jitterFactor"), policy.jitterFactor);
    reader.milliseconds(QLatin1String("deadlineMs"), policy.deadline);
    reader.wholeNumberList(QLatin1String("retryOnStatus"), policy.retryOnStatus);
    reader.boolean(QLatin1String("respectRetryAfter"), policy.respectRetryAfter);
    reader.milliseconds(QLatin1String("maxRetryAfterMs"), policy.maxRetryAfter);
    reader.boolean(QLatin1String("retryNonIdempotent"), policy.retryNonIdempotent);

    QStringList errorNames;
    if (reader.stringList(QLatin1String("retryOnErrors"), errorNames)) {
        QList<ErrorCategory> categories;
        for (const QString &name : std::as_const(errorNames)) {
            if (const auto category = categoryFromName(name))
                categories.append(*category);
            else
                reader.fail(QLatin1String("retryOnErrors"), QStringLiteral("unknown error category \"%1\"").arg(name));
        }
        policy.retryOnErrors = categories;
    }

    result.problems = reader.problems();
    if (result.problems.isEmpty())
        result.problems = policy.validate();
    return result;
}

QJsonObject toJson(const RetryPolicy &policy)
{
    QJsonArray statuses;
    for (const int status : policy.retryOnStatus)
        statuses.append(status);
    QJsonArray errors;
    for (const ErrorCategory category : policy.retryOnErrors)
        errors.append(QString(categoryName(category)));

    return QJsonObject{
        {QStringLiteral("maxAttempts"), policy.maxAttempts},
        {QStringLiteral("strategy"), QString(strategyName(policy.strategy))},
        {QStringLiteral("initialDelayMs"), qint64(policy.initialDelay.count())},
        {QStringLiteral("multiplier"), policy.multiplier},
        {QStringLiteral("maxDelayMs"), qint64(policy.maxDelay.count())},
        {QStringLiteral("jitter"), QString(jitterName(policy.jitter))},
        {QStringLiteral("jitterFactor"), policy.jitterFactor},
        {QStringLiteral("deadlineMs"), qint64(policy.deadline.count())},
        {QStringLiteral("retryOnStatus"), statuses},
        {QStringLiteral("retryOnErrors"), errors},
        {QStringLiteral("respectRetryAfter"), policy.respectRetryAfter},
        {QStringLiteral("maxRetryAfterMs"), qint64(policy.maxRetryAfter.count())},
        {QStringLiteral("retryNonIdempotent"), policy.retryNonIdempotent},
    };
}
