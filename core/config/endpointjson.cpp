// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/config/endpointjson.h"

#include "core/config/endpointfields.h"
#include "core/config/endpointparser.h"
#include "core/policy/retrypolicyjson.h"

#include <QJsonArray>

namespace {

QJsonObject nestedDifference(const QJsonObject &mine, const QJsonObject &base)
{
    QJsonObject difference;
    for (auto it = mine.constBegin(); it != mine.constEnd(); ++it) {
        if (base.value(it.key()) != it.value())
            difference.insert(it.key(), it.value());
    }
    // A shared key set in the defaults and cleared here.
    if (base.contains(QStringLiteral("key")) && !mine.contains(QStringLiteral("key")))
        difference.insert(QStringLiteral("key"), QString());
    return difference;
}

} // namespace

Endpoint endpointFromDefaults(const QJsonObject &defaults)
{
    // The defaults were validated when the file was loaded. Headers, the
    // proxy and the `tls` object are copied as written: nothing is resolved
    // or read here (no environment, no files; the files are read when an
    // endpoint made from these defaults is loaded).
    QJsonObject bare = defaults;
    bare.remove(QStringLiteral("headers"));
    bare.remove(QStringLiteral("proxy"));
    bare.remove(QStringLiteral("tls"));
    bare.insert(QStringLiteral("name"), QStringLiteral("-"));
    bare.insert(QStringLiteral("url"), QStringLiteral("http://localhost/"));
    Endpoint endpoint;
    const QString problem = parseEndpoint(bare, QProcessEnvironment(), endpoint);
    Q_ASSERT_X(problem.isEmpty(), "endpointFromDefaults", qPrintable(problem));
    const QJsonObject headers = defaults.value(QStringLiteral("headers")).toObject();
    for (auto it = headers.constBegin(); it != headers.constEnd(); ++it)
        endpoint.headers.append({it.key(), it.value().toString()});
    endpoint.tls = readTlsSettings(defaults.value(QStringLiteral("tls")).toObject()).policy;
    endpoint.proxy = defaults.value(QStringLiteral("proxy")).toString();
    endpoint.name.clear();
    endpoint.url.clear();
    return endpoint;
}

QJsonObject endpointToJson(const Endpoint &endpoint)
{
    QJsonObject headers;
    for (const auto &[name, value] : endpoint.headers)
        headers.insert(name, value);
    QJsonObject object{
        {QStringLiteral("name"), endpoint.name},
        {QStringLiteral("url"), endpoint.url.toString(QUrl::FullyEncoded)},
        {QStringLiteral("headers"), headers},
        {QStringLiteral("retry"), toJson(endpoint.retry)},
        {QStringLiteral("budget"), toJson(endpoint.budget)},
        {QStringLiteral("breaker"), toJson(endpoint.breaker)},
        {QStringLiteral("assert"), toJson(endpoint.assertions)},
        {QStringLiteral("tls"), toJson(endpoint.tls)},
    };
    FieldTable::write(endpoint, endpointFields(), object);
    return object;
}

OwnObject endpointObject(const Endpoint &endpoint, const QJsonObject &defaults)
{
    const QJsonObject mine = endpointToJson(endpoint);
    const QJsonObject base = endpointToJson(endpointFromDefaults(defaults));
    OwnObject own;
    own.object.insert(QStringLiteral("name"), endpoint.name);
    own.object.insert(QStringLiteral("url"), mine.value(QStringLiteral("url")));
    // Name, URL and headers are written below; every other key only where
    // it differs from the defaults (nested objects key by key).
    for (const Field<Endpoint> &row : endpointFields()) {
        const QString name = QString(row.key);
        if (row.kind == FieldKind::Object) {
            const QJsonObject difference = nestedDifference(mine.value(name).toObject(), base.value(name).toObject());
            if (!difference.isEmpty())
                own.object.insert(name, difference);
        } else if (!std::holds_alternative<std::monostate>(row.member) && mine.value(name) != base.value(name)) {
            own.object.insert(name, mine.value(name));
        }
    }

    // Headers merge by name: write those the defaults do not already give,
    // and refuse to drop one the defaults add (the file cannot say "without").
    const QJsonObject defaultHeaders = defaults.value(QStringLiteral("headers")).toObject();
    QJsonObject headers;
    for (const auto &[name, value] : endpoint.headers) {
        bool same = false;
        for (auto it = defaultHeaders.constBegin(); it != defaultHeaders.constEnd(); ++it)
            same = same || (it.key().compare(name, Qt::CaseInsensitive) == 0 && it.value().toString() == value);
        if (!same)
            headers.insert(name, value);
    }
    for (auto it = defaultHeaders.constBegin(); it != defaultHeaders.constEnd(); ++it) {
        const bool kept = std::any_of(endpoint.headers.begin(), endpoint.headers.end(), [&it](const auto &header) {
            return header.first.compare(it.key(), Qt::CaseInsensitive) == 0;
        });
        if (!kept)
            own.error = QStringLiteral("headers.%1: set for every endpoint by the file's defaults; it cannot be "
                                       "removed from one endpoint (edit the defaults instead)")
                            .arg(it.key());
    }
    if (!headers.isEmpty())
        own.object.insert(QStringLiteral("headers"), headers);
    return own;
}
