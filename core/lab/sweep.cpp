// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/lab/sweep.h"

#include "core/config/endpointjson.h"
#include "core/lab/labpolicy.h"
#include "core/lab/sharedsweep.h"

#include <QJsonObject>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentMap>

#include <cmath>

namespace Lab {

namespace {

bool whole(const EndpointKey &key)
{
    return key.field->kind != FieldKind::Number;
}

// {"retry": {"maxAttempts": 3}} for "retry.maxAttempts" and 3.
QJsonObject policyWith(const EndpointKey &key, double value)
{
    const QJsonValue number = whole(key) ? QJsonValue(qint64(std::llround(value))) : QJsonValue(value);
    const qsizetype dot = key.path.indexOf(u'.');
    if (dot < 0)
        return QJsonObject{{key.path, number}};
    return QJsonObject{{key.path.left(dot), QJsonObject{{key.path.mid(dot + 1), number}}}};
}

} // namespace

QList<const EndpointKey *> sweepKeys()
{
    static const QStringList objects{QStringLiteral("retry."), QStringLiteral("budget."), QStringLiteral("breaker.")};
    QList<const EndpointKey *> keys;
    for (const EndpointKey &key : endpointKeys()) {
        const FieldKind kind = key.field->kind;
        if (kind != FieldKind::Whole && kind != FieldKind::Milliseconds && kind != FieldKind::Number)
            continue;
        const bool policyKey = key.path == QLatin1String("intervalMs") || key.path == QLatin1String("timeoutMs")
            || std::any_of(objects.begin(), objects.end(), [&key](const QString &o) { return key.path.startsWith(o); });
        if (policyKey)
            keys.append(&key);
    }
    return keys;
}

QList<double> sweepValues(const EndpointKey &key, double from, double to, int count)
{
    const FieldInfo &field = *key.field;
    const auto clamp
        = [&field](double v) { return std::min(std::isfinite(field.max) ? field.max : v, std::max(field.min, v)); };
    from = clamp(from);
    to = clamp(to);
    if (to < from)
        std::swap(from, to);
    count = std::max(1, count);
    QList<double> values;
    for (int i = 0; i < count; ++i) {
        double v = count == 1 ? from : from + (to - from) * i / (count - 1);
        if (whole(key))
            v = double(std::llround(v));
        if (values.isEmpty() || values.last() != v)
            values.append(v);
    }
    return values;
}

double keyValue(const Endpoint &endpoint, const EndpointKey &key)
{
    const QJsonObject object = endpointToJson(endpoint);
    const qsizetype dot = key.path.indexOf(u'.');
    if (dot < 0)
        return object.value(key.path).toDouble();
    return object.value(key.path.left(dot)).toObject().value(key.path.mid(dot + 1)).toDouble();
}

QString withKey(const Endpoint &endpoint, const EndpointKey &key, double value, Endpoint &result)
{
    return applyPolicy(endpoint, policyWith(key, value), result);
}

bool sweepShares(const Trace &trace, const Endpoint &endpoint, const EndpointKey &key, qsizetype valueCount)
{
    if (key.path == QLatin1String("intervalMs"))
        return false;
    const qint64 cycles = trace.model.knownMs() / std::max<qint64>(1, endpoint.interval.count());
    return cycles * valueCount > wholeSweepCycles;
}

QList<SweepPoint> sweep(const Trace &trace, const Endpoint &endpoint, const EndpointKey &key,
                        const QList<double> &values, std::uint64_t seed, QThreadPool *pool,
                        const std::atomic_bool *cancel)
{
    QList<SweepPoint> points;
    QList<Endpoint> variants;
    for (const double value : values) {
        SweepPoint point;
        point.value = value;
        Endpoint candidate;
        point.error = withKey(endpoint, key, value, candidate);
        if (point.error.isEmpty())
            variants.append(candidate);
        points.append(point);
    }
    QList<Figures> replayed;
    if (!sweepShares(trace, endpoint, key, variants.size())) {
        // Each replay builds its own clock, client and scheduler in the
        // thread that runs it and reads the trace only.
        const auto one = [&](const Endpoint &variant) {
            return cancel && cancel->load() ? Figures{} : replay(variant, trace.model, seed).figures;
        };
        replayed = QtConcurrent::blockingMapped<QList<Figures>>(pool ? pool : QThreadPool::globalInstance(), variants,
                                                                std::function<Figures(const Endpoint &)>(one));
    } else {
        replayed = sharedReplays(variants, trace.model, seed, pool, cancel);
    }
    qsizetype next = 0;
    for (SweepPoint &point : points) {
        if (!point.error.isEmpty())
            continue;
        point.figures = replayed.value(next++);
        if (cancel && cancel->load())
            point.error = QStringLiteral("cancelled");
    }
    return points;
}

} // namespace Lab
