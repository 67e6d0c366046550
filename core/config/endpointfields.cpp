// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/config/endpointfields.h"

#include "core/breaker/breakerfields.h"
#include "core/config/endpointjson.h"
#include "core/config/headertemplate.h"
#include "core/config/proxyrules.h"
#include "core/policy/retrypolicyfields.h"
#include "core/util/httptoken.h"

#include <QRegularExpression>

#include <array>

namespace {

using K = FieldKind;
using E = Endpoint;

constexpr double maxMs = double(RetryPolicy::maxDuration.count());

const FieldCodec<E> methodCodec{
    [](JsonFieldReader &reader, QLatin1String key, E &endpoint) {
        QString method = QString::fromLatin1(endpoint.method);
        reader.string(key, method);
        if (HttpToken::isToken(method))
            endpoint.method = method.toLatin1();
        else
            reader.fail(key, QStringLiteral("\"%1\" is not a valid HTTP method").arg(method));
    },
    [](const E &endpoint) { return QJsonValue(QString::fromLatin1(endpoint.method)); },
};

const FieldCodec<E> bodyCodec{
    [](JsonFieldReader &reader, QLatin1String key, E &endpoint) {
        QString body = QString::fromUtf8(endpoint.body);
        reader.string(key, body);
        endpoint.body = body.toUtf8();
    },
    [](const E &endpoint) { return QJsonValue(QString::fromUtf8(endpoint.body)); },
};

const FieldCodec<E> proxyCodec{
    [](JsonFieldReader &reader, QLatin1String key, E &endpoint) {
        const auto value = reader.anyValue(key);
        if (!value)
            return;
        QString proxy;
        reader.string(key, proxy);
        if (!value->isString())
            return; // string() said what is wrong
        // The form is checked here; the ${env:NAME} references are checked
        // against the environment with the headers'. A message never
        // repeats the value: it may hold a password.
        QString form = proxy;
        for (const QString &name : HeaderTemplate::variables(proxy))
            form.replace(QStringLiteral("${env:%1}").arg(name), QStringLiteral("x"));
        if (const QString problem = ProxyRules::parse(form).problem; !problem.isEmpty())
            reader.fail(key, problem);
        else
            endpoint.proxy = proxy.trimmed();
    },
    [](const E &endpoint) { return QJsonValue(endpoint.proxy); },
};

const std::array<Field<E>, 17> fields{{
    {{.key = QLatin1String("name"),
      .label = "N&ame",
      .kind = K::Text,
      .help = "A unique name: the endpoint's label in tables, logs and exports.",
      .required = true},
     std::monostate()},
    {{.key = QLatin1String("url"),
      .label = "&URL",
      .kind = K::Url,
      .help = "The address polled: http or https, with a host. Credentials in it are never shown in logs.",
      .required = true},
     std::monostate()},
    {{.key = QLatin1String("method"),
      .label = "Method",
      .kind = K::Text,
      .help = "The HTTP method. POST and PATCH are retried only with an idempotency key or retryNonIdempotent."},
     methodCodec},
    {{.key = QLatin1String("headers"),
      .label = "Hea&ders",
      .kind = K::Headers,
      .help = "Request headers. A value may contain ${env:NAME}: it is read from the environment at send time "
              "and never saved, logged or exported resolved."},
     std::monostate()},
    {{.key = QLatin1String("body"),
      .label = "B&ody",
      .kind = K::Text,
      .help = "The request body, sent with every attempt."},
     bodyCodec},
    {{.key = QLatin1String("intervalMs"),
      .label = "&Interval",
      .kind = K::Milliseconds,
      .min = 100,
      .max = maxMs,
      .help = "Time from the end of one cycle to the start of the next (cycles never overlap)."},
     &E::interval},
    {{.key = QLatin1String("timeoutMs"),
      .label = "Ti&meout",
      .kind = K::Milliseconds,
      .min = 1,
      .max = maxMs,
      .help = "Longest time one attempt may take, from sending to a complete response; then it is aborted as "
              "a timeout."},
     &E::timeout},
    {{.key = QLatin1String("expectStatus"),
      .label = "&Expected statuses",
      .kind = K::StatusList,
      .min = 100,
      .max = 599,
      .help = "Statuses that count as success, separated by commas.",
      .offText = "any 2xx"},
     &E::expectStatus},
    {{.key = QLatin1String("idempotencyKey"),
      .label = "Send an Idempotency-Key (same for every attempt of a cycle)",
      .kind = K::Flag,
      .help = "Send the same fresh Idempotency-Key header with every attempt of a cycle, which makes retrying "
              "POST and PATCH safe."},
     &E::idempotencyKey},
    {{.key = QLatin1String("enabled"),
      .label = "Poll this endpoint",
      .kind = K::Flag,
      .help = "Whether the endpoint is polled at all."},
     &E::enabled},
    {{.key = QLatin1String("tlsExpiryWarningDays"),
      .label = "Warn of certificate expiry within",
      .kind = K::Whole,
      .max = 3650,
      .help = "For https: a server certificate that expires within this many days is flagged in the table and "
              "the lint. 0 = never.",
      .offText = "never",
      .unit = " days"},
     &E::tlsExpiryWarningDays},
    {{.key = QLatin1String("retry"), .label = "Re&try", .kind = K::Object, .help = "The retry policy."},
     std::monostate()},
    {{.key = QLatin1String("budget"), .label = "Retry budget", .kind = K::Object, .help = "The retry budget."},
     std::monostate()},
    {{.key = QLatin1String("breaker"), .label = "Circuit breaker", .kind = K::Object, .help = "The circuit breaker."},
     std::monostate()},
    {{.key = QLatin1String("assert"),
      .label = "Checks",
      .kind = K::Object,
      .help = "What an answer with an expected status must also show to count as ok."},
     std::monostate()},
    {{.key = QLatin1String("tls"),
      .label = "TLS",
      .kind = K::Object,
      .help = "Certificates: a private CA to trust, a client certificate, the server name to verify."},
     std::monostate()},
    {{.key = QLatin1String("proxy"),
      .label = "Pro&xy",
      .kind = K::Text,
      .help = "The proxy requests go through: http://[user:password@]host:port (CONNECT for https), "
              "socks5://host:port, or none. Unset: https_proxy, http_proxy, all_proxy and no_proxy decide, as for "
              "curl; never for localhost. The password may be ${env:NAME}, and is never shown in logs.",
      .writtenWhenEmpty = false},
     proxyCodec},
}};

template<typename Owner>
void addKeys(QList<EndpointKey> &keys, const QString &prefix, std::span<const Field<Owner>> rows,
             const QJsonObject &defaults)
{
    for (const Field<Owner> &row : rows) {
        if (row.kind != FieldKind::Object)
            keys.append({prefix + QString(row.key), &row, defaults.value(QString(row.key))});
    }
}

} // namespace

std::span<const Field<Endpoint>> endpointFields()
{
    return fields;
}

const QList<EndpointKey> &endpointKeys()
{
    static const QList<EndpointKey> keys = [] {
        const QJsonObject defaults = endpointToJson(Endpoint{});
        QList<EndpointKey> all;
        addKeys(all, QString(), endpointFields(), defaults);
        addKeys(all, QStringLiteral("retry."), retryPolicyFields(), defaults.value(QStringLiteral("retry")).toObject());
        addKeys(all, QStringLiteral("budget."), budgetPolicyFields(),
                defaults.value(QStringLiteral("budget")).toObject());
        addKeys(all, QStringLiteral("breaker."), breakerPolicyFields(),
                defaults.value(QStringLiteral("breaker")).toObject());
        addKeys(all, QStringLiteral("assert."), responseAssertionFields(),
                defaults.value(QStringLiteral("assert")).toObject());
        addKeys(all, QStringLiteral("tls."), tlsSettingsFields(), defaults.value(QStringLiteral("tls")).toObject());
        return all;
    }();
    return keys;
}

const EndpointKey *findEndpointKey(QStringView path)
{
    for (const EndpointKey &key : endpointKeys()) {
        if (key.path == path)
            return &key;
    }
    return nullptr;
}

QString urlProblem(const QString &text, QUrl *url)
{
    static const QRegularExpression space(QStringLiteral("\\s"));
    if (text.isEmpty())
        return QStringLiteral("must not be empty");
    if (!text.contains(QLatin1String("://")))
        return QStringLiteral("\"%1\" is not a web address: it must start with http:// or https://").arg(text);
    if (text.contains(space))
        return QStringLiteral("\"%1\" contains a space; inside a URL a space is written %20").arg(text);
    const QUrl parsed(text, QUrl::StrictMode);
    if (!parsed.isValid())
        return QStringLiteral("\"%1\" is not a valid URL (%2)").arg(text, parsed.errorString());
    if (parsed.scheme() != QLatin1String("http") && parsed.scheme() != QLatin1String("https"))
        return QStringLiteral("\"%1\" is not an http or https URL").arg(text);
    if (parsed.host().isEmpty())
        return QStringLiteral("\"%1\" has no host").arg(text);
    if (url)
        *url = parsed;
    return {};
}
