// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/config/connectivitysettings.h"

#include "core/config/endpointfields.h"
#include "core/util/jsonfieldreader.h"

QString readConnectivity(const QJsonValue &value, ConnectivitySettings &settings)
{
    settings = {};
    if (value.isUndefined())
        return {};
    if (!value.isObject())
        return QStringLiteral("connectivity: expected an object with checkUrl and intervalMs, got %1")
            .arg(JsonFieldReader::describe(value));
    const QJsonObject object = value.toObject();
    JsonFieldReader reader(object, QStringLiteral("connectivity"));
    reader.rejectUnknownKeys({QLatin1String("checkUrl"), QLatin1String("intervalMs")});
    QString url;
    reader.string(QLatin1String("checkUrl"), url);
    reader.milliseconds(QLatin1String("intervalMs"), settings.interval);
    if (!reader.problems().isEmpty())
        return reader.problems().constFirst();
    if (!object.contains(QLatin1String("checkUrl")))
        return QStringLiteral("connectivity.checkUrl: missing (a URL whose 2xx answer means this machine is online)");
    if (QString problem = urlProblem(url, &settings.checkUrl); !problem.isEmpty())
        return QStringLiteral("connectivity.checkUrl: ") + problem;
    if (settings.interval < ConnectivitySettings::minimumInterval)
        return QStringLiteral("connectivity.intervalMs: must be at least %1 (got %2)")
            .arg(ConnectivitySettings::minimumInterval.count())
            .arg(settings.interval.count());
    return {};
}

QJsonObject toJson(const ConnectivitySettings &settings)
{
    if (!settings.enabled())
        return {};
    return {{QStringLiteral("checkUrl"), settings.checkUrl.toString(QUrl::FullyEncoded)},
            {QStringLiteral("intervalMs"), qint64(settings.interval.count())}};
}
