// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/faultserver/faultroutes.h"

#include "core/util/randomsource.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>
#include <QUrlQuery>

#include <algorithm>
#include <cmath>

namespace {

using namespace std::chrono_literals;

constexpr qint64 maxDelayMs = 24LL * 3600 * 1000;
constexpr qint64 maxStreamBytes = 100LL * 1024 * 1024 * 1024; // 100 GiB

FaultAction ofKind(FaultAction::Kind kind)
{
    FaultAction action;
    action.kind = kind;
    return action;
}

FaultAction respond(int status, const QByteArray &body = {})
{
    FaultAction action;
    action.status = status;
    action.body = body.isNull() ? QByteArray::number(status) + ' ' + reasonPhrase(status) + '\n' : body;
    return action;
}

FaultAction badRequest(const QByteArray &why)
{
    return respond(400, "bad request: " + why + '\n');
}

// A whole number in [min, max] from a query item or path segment.
std::optional<qint64> wholeIn(const QString &text, qint64 min, qint64 max)
{
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    if (!ok || value < min || value > max)
        return std::nullopt;
    return value;
}

std::optional<double> numberIn(const QString &text, double min, double max)
{
    bool ok = false;
    const double value = text.toDouble(&ok);
    if (!ok || !std::isfinite(value) || value < min || value > max)
        return std::nullopt;
    return value;
}

class Query
{
public:
    explicit Query(const QUrlQuery &query)
        : m_query(query)
    { }

    // The item's value, or `fallback` when absent; nullopt when present but bad.
    std::optional<qint64> whole(const char *key, qint64 fallback, qint64 min, qint64 max) const
    {
        const QString name = QString::fromLatin1(key);
        if (!m_query.hasQueryItem(name))
            return fallback;
        return wholeIn(m_query.queryItemValue(name), min, max);
    }

    std::optional<double> number(const char *key, double fallback, double min, double max) const
    {
        const QString name = QString::fromLatin1(key);
        if (!m_query.hasQueryItem(name))
            return fallback;
        return numberIn(m_query.queryItemValue(name), min, max);
    }

    QString text(const char *key, const QString &fallback) const
    {
        const QString name = QString::fromLatin1(key);
        return m_query.hasQueryItem(name) ? m_query.queryItemValue(name) : fallback;
    }

private:
    const QUrlQuery &m_query;
};

FaultAction statusRoute(const QString &codeText, const QUrlQuery &query)
{
    const auto code = wholeIn(codeText, 100, 599);
    if (!code)
        return badRequest("status must be 100-599");
    FaultAction action = respond(static_cast<int>(*code));
    if (query.hasQueryItem(QStringLiteral("retry_after")))
        action.headers.append({"Retry-After", query.queryItemValue(QStringLiteral("retry_after")).toLatin1()});
    // ?header=Name:Value (repeatable): any field on any status, e.g. a quota
    // announcement beside a Retry-After.
    for (const QString &header : query.allQueryItemValues(QStringLiteral("header"), QUrl::FullyDecoded)) {
        const qsizetype colon = header.indexOf(u':');
        if (colon <= 0)
            return badRequest("header must be Name:Value");
        action.headers.append({header.left(colon).trimmed().toLatin1(), header.mid(colon + 1).trimmed().toLatin1()});
    }
    return action;
}

FaultAction rateLimitRoute(const Query &query, const QByteArray &client, FaultRouteState &state)
{
    const auto rps = query.whole("rps", 2, 1, 1000000);
    if (!rps)
        return badRequest("rps must be 1-1000000");
    const Clock::TimePoint now = state.clock.now();
    QList<Clock::TimePoint> &window = state.rateWindows[client];
    window.erase(std::remove_if(window.begin(), window.end(), [now](Clock::TimePoint t) { return now - t >= 1s; }),
                 window.end());
    // Whole seconds until the oldest request in the window leaves it.
    const auto secondsToReset = [&window, now] {
        const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(window.front() + 1s - now);
        return std::max<qint64>(1, (wait.count() + 999) / 1000);
    };
    // Every answer announces the quota, in the IETF draft's fields and the
    // widespread X-RateLimit ones (docs/fault-server.md).
    const auto announce = [&](FaultAction action) {
        const qint64 remaining = *rps - window.size();
        const QByteArray reset = QByteArray::number(secondsToReset());
        action.headers.append({"RateLimit", "\"default\";r=" + QByteArray::number(remaining) + ";t=" + reset});
        action.headers.append({"RateLimit-Policy", "\"default\";q=" + QByteArray::number(*rps) + ";w=1"});
        action.headers.append({"X-RateLimit-Limit", QByteArray::number(*rps)});
        action.headers.append({"X-RateLimit-Remaining", QByteArray::number(remaining)});
        action.headers.append({"X-RateLimit-Reset", reset});
        return action;
    };
    if (window.size() >= *rps) {
        FaultAction action = respond(429);
        if (query.text("retry_after", QStringLiteral("1")) != QLatin1String("0"))
            action.headers.append({"Retry-After", QByteArray::number(secondsToReset())});
        return announce(action);
    }
    window.append(now);
    return announce(respond(200));
}

FaultAction outageRoute(const Query &query, const QByteArray &target, FaultRouteState &state)
{
    const auto up = query.whole("up_s", 20, 0, 86400);
    const auto down = query.whole("down_s", 10, 0, 86400);
    const auto code = query.whole("code", 503, 100, 599);
    const auto capacity = query.whole("capacity", 0, 0, 1000000);
    const QString first = query.text("first", QStringLiteral("up"));
    if (!up || !down || !code || *up + *down == 0 || !capacity
        || (first != QLatin1String("up") && first != QLatin1String("down")))
        return badRequest("up_s and down_s must be 0-86400, not both 0; code 100-599; capacity 0-1000000; "
                          "first up or down");
    const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(state.clock.now() - state.startedAt);
    const qint64 period = (*up + *down) * 1000;
    // Shifting the clock by the down time makes the cycle start with it.
    const qint64 phase = (elapsed.count() + (first == QLatin1String("down") ? *up * 1000 : 0)) % period;
    if (phase >= *up * 1000)
        return respond(static_cast<int>(*code));
    if (*capacity > 0) {
        // A recovering service that can take `capacity` requests per 100 ms:
        // the rest of each window get `code` too (the thundering-herd lab).
        // Counted per URL, so that every client of one scenario shares it.
        auto &[window, served] = state.capacityWindows[target];
        if (window != elapsed.count() / 100) {
            window = elapsed.count() / 100;
            served = 0;
        }
        if (served >= *capacity)
            return respond(static_cast<int>(*code));
        ++served;
    }
    return respond(200);
}

FaultAction routeByPath(const HttpRequest &request, const QByteArray &client, FaultRouteState &state, const QUrl &url,
                        const QUrlQuery &urlQuery)
{
    const QString path = url.path();
    const Query query(urlQuery);
    const QStringList segments = path.split(u'/', Qt::SkipEmptyParts);
    const QString first = segments.value(0);

    if (path == QLatin1String("/ok"))
        return respond(200);
    if (first == QLatin1String("status") && segments.size() == 2)
        return statusRoute(segments[1], urlQuery);
    if (first == QLatin1String("delay") && segments.size() == 2) {
        const auto ms = wholeIn(segments[1], 0, maxDelayMs);
        if (!ms)
            return badRequest("delay must be 0-86400000 ms");
        // ?p=0.3: only that share of the answers is slow, the rest come at once.
        const auto share = query.number("p", 1.0, 0.0, 1.0);
        if (!share)
            return badRequest("p must be 0-1");
        FaultAction action = respond(200);
        action.delayMs = *share >= 1.0 || state.random.nextUnit() < *share ? *ms : 0; // no draw when all are slow
        return action;
    }
    if (path == QLatin1String("/hang"))
        return ofKind(FaultAction::Kind::Hang);
    if (path == QLatin1String("/reset"))
        return ofKind(FaultAction::Kind::Reset);
    if (path == QLatin1String("/close"))
        return ofKind(FaultAction::Kind::Close);
    if (path == QLatin1String("/partial-head"))
        return ofKind(FaultAction::Kind::PartialHead);
    if (path == QLatin1String("/flaky")) {
        const auto fail = query.number("fail", 0.3, 0.0, 1.0);
        const auto code = query.whole("code", 503, 100, 599);
        if (!fail || !code)
            return badRequest("fail must be 0-1, code 100-599");
        return respond(state.random.nextUnit() < *fail ? static_cast<int>(*code) : 200);
    }
    if (path == QLatin1String("/outage"))
        return outageRoute(query, request.target, state);
    if (path == QLatin1String("/ratelimit"))
        return rateLimitRoute(query, client, state);
    if (path == QLatin1String("/json")) {
        // Each query item a field of a JSON object: a value that is JSON
        // (3, true, null, {"a":1}) as that value, anything else as a string.
        QJsonObject object;
        for (const auto &[name, value] : urlQuery.queryItems(QUrl::FullyDecoded)) {
            QJsonParseError error{};
            const QJsonDocument parsed = QJsonDocument::fromJson("[" + value.toUtf8() + "]", &error);
            object.insert(name,
                          error.error == QJsonParseError::NoError && parsed.array().size() == 1 ? parsed.array().first()
                                                                                                : QJsonValue(value));
        }
        FaultAction action = respond(200, QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n');
        action.headers.append({QByteArray("Content-Type"), QByteArray("application/json")});
        return action;
    }
    if (path == QLatin1String("/headers")) {
        FaultAction action = respond(200);
        for (const auto &[name, value] : urlQuery.queryItems(QUrl::FullyDecoded))
            action.headers.append({name.toLatin1(), value.toLatin1()});
        return action;
    }
    if (path == QLatin1String("/drip")) {
        const auto ms = query.whole("ms", 1000, 0, maxDelayMs);
        const auto bytes = query.whole("bytes", 10, 1, 10 * 1024 * 1024);
        if (!ms || !bytes)
            return badRequest("ms must be 0-86400000, bytes 1-10485760");
        FaultAction action = ofKind(FaultAction::Kind::Drip);
        action.delayMs = *ms;
        action.bodyBytes = *bytes;
        return action;
    }
    if (path == QLatin1String("/truncate")) {
        const auto declared = query.whole("declared", 1000, 1, maxStreamBytes);
        const auto sent = query.whole("sent", 10, 0, 10 * 1024 * 1024);
        if (!declared || !sent || *sent >= *declared)
            return badRequest("need 0 <= sent < declared");
        FaultAction action = ofKind(FaultAction::Kind::Truncate);
        action.declaredBytes = *declared;
        action.bodyBytes = *sent;
        return action;
    }
    if (first == QLatin1String("bytes") && segments.size() == 2) {
        const auto bytes = wholeIn(segments[1], 0, maxStreamBytes);
        if (!bytes)
            return badRequest("bytes must be 0-107374182400");
        FaultAction action = ofKind(FaultAction::Kind::Stream);
        action.bodyBytes = *bytes;
        return action;
    }
    if (first == QLatin1String("redirect") && segments.size() == 2) {
        const auto hops = wholeIn(segments[1], 0, 1000);
        if (!hops)
            return badRequest("hops must be 0-1000");
        if (*hops == 0)
            return respond(200);
        FaultAction action = respond(302);
        action.headers.append({"Location", "/redirect/" + QByteArray::number(*hops - 1)});
        return action;
    }
    if (path == QLatin1String("/redirect-to")) {
        const QString target = urlQuery.queryItemValue(QStringLiteral("url"), QUrl::FullyDecoded);
        const auto code = query.whole("status", 302, 300, 399);
        if (target.isEmpty() || !code)
            return badRequest("need url, and status 300-399");
        FaultAction action = respond(static_cast<int>(*code));
        action.headers.append({"Location", target.toUtf8()});
        return action;
    }
    return respond(404);
}

} // namespace

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 408: return "Request Timeout";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "Status";
    }
}

FaultAction routeFaultRequest(const HttpRequest &request, const QByteArray &client, FaultRouteState &state)
{
    const QUrl url(QString::fromLatin1(request.target));
    const QUrlQuery urlQuery(url);
    const auto idleMs = Query(urlQuery).whole("idle_ms", 0, 0, maxDelayMs);
    if (!idleMs)
        return badRequest("idle_ms must be 0-86400000 ms");
    FaultAction action = routeByPath(request, client, state, url, urlQuery);
    action.idleCloseMs = *idleMs;
    return action;
}
