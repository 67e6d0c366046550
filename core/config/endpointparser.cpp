// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/config/endpointparser.h"

#include "core/config/endpointfields.h"
#include "core/config/headertemplate.h"
#include "core/policy/retrypolicyjson.h"
#include "core/util/httptoken.h"
#include "core/util/jsonfieldreader.h"

#include <QJsonArray>

#include <algorithm>

namespace {

// A nested policy object (`retry`, `budget`, `breaker`): present and an
// object, or absent.
template<typename Policy, typename Reader>
QString readNested(const QJsonObject &object, const char *key, Reader read, Policy &target)
{
    const auto it = object.constFind(QLatin1String(key));
    if (it == object.constEnd())
        return {};
    if (!it->isObject())
        return QStringLiteral("%1: expected an object, got %2").arg(QLatin1String(key), JsonFieldReader::describe(*it));
    const auto result = read(it->toObject(), target);
    if (!result.ok())
        return result.problems.constFirst();
    target = result.policy;
    return {};
}

QString readHeaders(const QJsonObject &object, const QProcessEnvironment &environment,
                    QList<QPair<QString, QString>> &headers)
{
    const auto it = object.constFind(QLatin1String("headers"));
    if (it == object.constEnd())
        return {};
    if (!it->isObject())
        return QStringLiteral("headers: expected an object of strings, got %1").arg(JsonFieldReader::describe(*it));
    const QJsonObject map = it->toObject();
    headers.clear();
    for (auto header = map.constBegin(); header != map.constEnd(); ++header) {
        const QString name = header.key();
        const QString key = QStringLiteral("headers.") + name;
        if (!HttpToken::isToken(name))
            return QStringLiteral("%1: not a valid header name").arg(key);
        if (!header->isString())
            return QStringLiteral("%1: expected a string, got %2").arg(key, JsonFieldReader::describe(*header));
        const QString value = header->toString();
        if (value.contains(u'\r') || value.contains(u'\n') || value.contains(QChar(0)))
            return QStringLiteral("%1: a header value must not contain line breaks or NUL").arg(key);
        QString missing;
        if (!HeaderTemplate::resolve(value, environment, &missing))
            return QStringLiteral("%1: environment variable %2 is not set").arg(key, missing);
        headers.append({name, value});
    }
    return {};
}

QString readUrl(const QJsonObject &object, QUrl &url)
{
    const auto it = object.constFind(QLatin1String("url"));
    if (it == object.constEnd())
        return {};
    if (!it->isString())
        return QStringLiteral("url: expected a string, got %1").arg(JsonFieldReader::describe(*it));
    if (QString problem = urlProblem(it->toString(), &url); !problem.isEmpty())
        return QStringLiteral("url: ") + problem;
    return {};
}

// Everything but `name` and `url`, which defaults may not carry sensibly.
QString readCommon(const QJsonObject &object, const QProcessEnvironment &environment, Endpoint &endpoint)
{
    // The keys the table reads (name and url are read by the caller), then
    // their ranges, then what needs more than one row: headers, nested objects.
    JsonFieldReader reader(object, QString());
    FieldTable::read(reader, endpointFields(), endpoint);
    if (!reader.problems().isEmpty())
        return reader.problems().constFirst();
    if (const QStringList problems = FieldTable::rangeProblems(endpoint, endpointFields(), QString());
        !problems.isEmpty())
        return problems.constFirst();
    if (QString problem = readHeaders(object, environment, endpoint.headers); !problem.isEmpty())
        return problem;
    if (QString missing; !HeaderTemplate::resolve(endpoint.proxy, environment, &missing))
        return QStringLiteral("proxy: environment variable %1 is not set").arg(missing);
    if (QString problem = readNested(object, "retry", &readRetryPolicy, endpoint.retry); !problem.isEmpty())
        return problem;
    if (QString problem = readNested(object, "budget", &readBudgetPolicy, endpoint.budget); !problem.isEmpty())
        return problem;
    if (QString problem = readNested(object, "breaker", &readBreakerPolicy, endpoint.breaker); !problem.isEmpty())
        return problem;
    if (QString problem = readNested(object, "assert", &readResponseAssertions, endpoint.assertions);
        !problem.isEmpty())
        return problem;
    if (QString problem = readNested(object, "tls", &readTlsSettings, endpoint.tls); !problem.isEmpty())
        return problem;
    return loadTlsMaterial(endpoint.tls, environment); // the files are read at load
}

QString unknownKey(const QJsonObject &object)
{
    JsonFieldReader reader(object, QString());
    reader.rejectUnknownKeys(FieldTable::keys(endpointFields()));
    return reader.problems().value(0);
}

bool isNestedObject(const QString &key)
{
    const auto rows = endpointFields();
    return std::any_of(rows.begin(), rows.end(),
                       [&key](const Field<Endpoint> &row) { return row.kind == FieldKind::Object && key == row.key; });
}

} // namespace

QString parseEndpoint(const QJsonObject &object, const QProcessEnvironment &environment, Endpoint &endpoint)
{
    if (QString problem = unknownKey(object); !problem.isEmpty())
        return problem;
    if (!object.contains(QLatin1String("name")))
        return QStringLiteral("name: missing (every endpoint needs a unique name)");
    if (!object.contains(QLatin1String("url")))
        return QStringLiteral("url: missing");
    JsonFieldReader reader(object, QString());
    reader.string(QLatin1String("name"), endpoint.name);
    if (!reader.problems().isEmpty())
        return reader.problems().constFirst();
    if (endpoint.name.trimmed().isEmpty())
        return QStringLiteral("name: must not be empty");
    // Names head console lines, CSV rows and the dashboard's table.
    if (std::any_of(endpoint.name.cbegin(), endpoint.name.cend(),
                    [](QChar c) { return c.category() == QChar::Other_Control; }))
        return QStringLiteral("name: must not contain control characters (line breaks, tabs)");
    if (QString problem = readUrl(object, endpoint.url); !problem.isEmpty())
        return problem;
    return readCommon(object, environment, endpoint);
}

QString checkDefaults(const QJsonObject &defaults, const QProcessEnvironment &environment)
{
    if (QString problem = unknownKey(defaults); !problem.isEmpty())
        return problem;
    Endpoint scratch;
    JsonFieldReader reader(defaults, QString());
    reader.string(QLatin1String("name"), scratch.name);
    if (!reader.problems().isEmpty())
        return reader.problems().constFirst();
    if (QString problem = readUrl(defaults, scratch.url); !problem.isEmpty())
        return problem;
    return readCommon(defaults, environment, scratch);
}

QJsonObject mergeWithDefaults(const QJsonObject &defaults, const QJsonObject &endpoint)
{
    QJsonObject merged = defaults;
    for (auto it = endpoint.constBegin(); it != endpoint.constEnd(); ++it) {
        const QString key = it.key();
        const QJsonValue base = merged.value(key);
        if (key == QLatin1String("headers") && base.isObject() && it->isObject()) {
            QJsonObject headers = base.toObject();
            const QJsonObject own = it->toObject();
            for (auto header = own.constBegin(); header != own.constEnd(); ++header) {
                for (const QString &existing : headers.keys()) {
                    if (existing.compare(header.key(), Qt::CaseInsensitive) == 0)
                        headers.remove(existing);
                }
                headers.insert(header.key(), header.value());
            }
            merged.insert(key, headers);
        } else if (isNestedObject(key) && base.isObject() && it->isObject()) {
            QJsonObject nested = base.toObject();
            const QJsonObject own = it->toObject();
            for (auto inner = own.constBegin(); inner != own.constEnd(); ++inner)
                nested.insert(inner.key(), inner.value());
            merged.insert(key, nested);
        } else {
            merged.insert(key, it.value());
        }
    }
    return merged;
}
