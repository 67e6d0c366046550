// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/config/endpointparser.h"

#include "core/config/headertemplate.h"
#include "core/policy/retrypolicyjson.h"
#include "core/util/httptoken.h"
#include "core/util/jsonfieldreader.h"

#include <QJsonArray>

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
    const QString text = it->toString();
    const QUrl parsed(text, QUrl::StrictMode);
    if (!parsed.isValid())
        return QStringLiteral("url: \"%1\" is not a valid URL (%2)").arg(text, parsed.errorString());
    if (parsed.scheme() != QLatin1String("http") && parsed.scheme() != QLatin1String("https"))
        return QStringLiteral("url: \"%1\" is not an http or https URL").arg(text);
    if (parsed.host().isEmpty())
        return QStringLiteral("url: \"%1\" has no host").arg(text);
    url = parsed;
    return {};
}

// Everything but `name` and `url`, which defaults may not carry sensibly.
QString readCommon(const QJsonObject &object, const QProcessEnvironment &environment, Endpoint &endpoint)
{
    JsonFieldReader reader(object, QString());
    QString method = QString::fromLatin1(endpoint.method);
    reader.string(QLatin1String("method"), method);
    QString body = QString::fromUtf8(endpoint.body);
    reader.string(QLatin1String("body"), body);
    reader.milliseconds(QLatin1String("intervalMs"), endpoint.interval);
    reader.milliseconds(QLatin1String("timeoutMs"), endpoint.timeout);
    reader.wholeNumberList(QLatin1String("expectStatus"), endpoint.expectStatus);
    reader.boolean(QLatin1String("idempotencyKey"), endpoint.idempotencyKey);
    reader.boolean(QLatin1String("enabled"), endpoint.enabled);
    if (!reader.problems().isEmpty())
        return reader.problems().constFirst();

    if (!HttpToken::isToken(method))
        return QStringLiteral("method: \"%1\" is not a valid HTTP method").arg(method);
    endpoint.method = method.toLatin1();
    endpoint.body = body.toUtf8();
    if (endpoint.interval.count() < 100 || endpoint.interval > RetryPolicy::maxDuration)
        return QStringLiteral("intervalMs: must be from 100 to %1 (got %2)")
            .arg(RetryPolicy::maxDuration.count())
            .arg(endpoint.interval.count());
    if (endpoint.timeout.count() < 1 || endpoint.timeout > RetryPolicy::maxDuration)
        return QStringLiteral("timeoutMs: must be from 1 to %1 (got %2)")
            .arg(RetryPolicy::maxDuration.count())
            .arg(endpoint.timeout.count());
    for (const int status : std::as_const(endpoint.expectStatus)) {
        if (status < 100 || status > 599)
            return QStringLiteral("expectStatus: %1 is not an HTTP status (100-599)").arg(status);
    }
    if (QString problem = readHeaders(object, environment, endpoint.headers); !problem.isEmpty())
        return problem;
    if (QString problem = readNested(object, "retry", &readRetryPolicy, endpoint.retry); !problem.isEmpty())
        return problem;
    if (QString problem = readNested(object, "budget", &readBudgetPolicy, endpoint.budget); !problem.isEmpty())
        return problem;
    return readNested(object, "breaker", &readBreakerPolicy, endpoint.breaker);
}

QString unknownKey(const QJsonObject &object)
{
    static const QStringList known{
        QStringLiteral("name"),      QStringLiteral("url"),          QStringLiteral("method"),
        QStringLiteral("headers"),   QStringLiteral("body"),         QStringLiteral("intervalMs"),
        QStringLiteral("timeoutMs"), QStringLiteral("expectStatus"), QStringLiteral("idempotencyKey"),
        QStringLiteral("enabled"),   QStringLiteral("retry"),        QStringLiteral("budget"),
        QStringLiteral("breaker")};
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (!known.contains(it.key()))
            return QStringLiteral("%1: unknown key").arg(it.key());
    }
    return {};
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
        } else if ((key == QLatin1String("retry") || key == QLatin1String("budget") || key == QLatin1String("breaker"))
                   && base.isObject() && it->isObject()) {
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
