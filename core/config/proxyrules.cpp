// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/config/proxyrules.h"

#include <QCryptographicHash>
#include <QHostAddress>

#include <algorithm>

namespace ProxyRules {
namespace {

constexpr int curlDefaultPort = 1080; // curl's default for every proxy scheme

// A message never repeats the text it is about: it may hold a password.
QString notAProxy()
{
    return QStringLiteral("not a proxy URL: write [http://][user:password@]host[:port], socks5://host[:port], "
                          "socks5h://host[:port] or none");
}

QString withoutBrackets(QString host)
{
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    return host;
}

// Host names compare without case and without a final dot ("example.com.").
QString normalHost(const QString &host)
{
    QString normal = withoutBrackets(host.trimmed().toLower());
    while (normal.endsWith(u'.'))
        normal.chop(1);
    return normal;
}

bool matchesEntry(const QString &host, const QHostAddress &address, QString entry)
{
    if (entry == u'*')
        return true;
    if (entry.contains(u'/')) { // an address range
        const auto [network, prefix] = QHostAddress::parseSubnet(entry);
        return !network.isNull() && !address.isNull() && address.isInSubnet(network, prefix);
    }
    entry = normalHost(entry);
    const QHostAddress entryAddress(entry);
    if (!entryAddress.isNull())
        return !address.isNull() && address.isEqual(entryAddress);
    while (entry.startsWith(u'.'))
        entry.remove(0, 1);
    if (entry.isEmpty())
        return false;
    return host == entry || host.endsWith(u'.' + entry);
}

// The first variable of `names` that is set and not empty.
std::pair<QString, QString> firstSet(const QProcessEnvironment &env, std::initializer_list<const char *> names)
{
    for (const char *name : names) {
        const QString value = env.value(QLatin1String(name)).trimmed();
        if (!value.isEmpty())
            return {QLatin1String(name), value};
    }
    return {};
}

} // namespace

Parsed parse(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return {.problem = QStringLiteral("empty: write none for no proxy")};
    if (trimmed.compare(QLatin1String("none"), Qt::CaseInsensitive) == 0)
        return {};
    const QString withScheme = trimmed.contains(QLatin1String("://")) ? trimmed : QStringLiteral("http://") + trimmed;
    const QUrl url(withScheme, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty())
        return {.problem = notAProxy()};
    const QString scheme = url.scheme().toLower();
    if (!url.path().isEmpty() && url.path() != u'/')
        return {.problem = QStringLiteral("a proxy URL has no path: give only %1://host:port").arg(scheme)};
    if (url.hasQuery() || url.hasFragment())
        return {.problem
                = QStringLiteral("a proxy URL has no query or fragment: give only %1://host:port").arg(scheme)};

    QNetworkProxy proxy;
    if (scheme == QLatin1String("http")) {
        proxy.setType(QNetworkProxy::HttpProxy);
    } else if (scheme == QLatin1String("socks5") || scheme == QLatin1String("socks5h")) {
        proxy.setType(QNetworkProxy::Socks5Proxy);
        QNetworkProxy::Capabilities capabilities = proxy.capabilities();
        // socks5: names are resolved here and the proxy is given an address,
        // as curl does; socks5h: the proxy resolves them.
        capabilities.setFlag(QNetworkProxy::HostNameLookupCapability, scheme == QLatin1String("socks5h"));
        proxy.setCapabilities(capabilities);
    } else if (scheme == QLatin1String("https") || scheme.startsWith(QLatin1String("socks4"))) {
        return {.problem
                = QStringLiteral("%1:// proxies are not supported: use http:// (CONNECT) or socks5://").arg(scheme)};
    } else {
        return {.problem
                = QStringLiteral("unknown proxy scheme %1://: use http://, socks5:// or socks5h://").arg(scheme)};
    }
    proxy.setHostName(url.host());
    proxy.setPort(static_cast<quint16>(url.port(curlDefaultPort)));
    proxy.setUser(url.userName(QUrl::FullyDecoded));
    proxy.setPassword(url.password(QUrl::FullyDecoded));
    return {.proxy = proxy, .problem = {}};
}

bool bypassed(const QString &host, const QString &noProxy)
{
    const QString normal = normalHost(host);
    const QHostAddress address(normal);
    const QStringList entries = noProxy.split(u',', Qt::SkipEmptyParts);
    return std::any_of(entries.cbegin(), entries.cend(),
                       [&](const QString &entry) { return matchesEntry(normal, address, entry.trimmed().toLower()); });
}

bool isLoopback(const QString &host)
{
    const QString normal = normalHost(host);
    if (normal == QLatin1String("localhost") || normal.endsWith(QLatin1String(".localhost")))
        return true;
    const QHostAddress address(normal);
    return !address.isNull() && address.isLoopback();
}

Parsed fromEnvironment(const QUrl &url, const QProcessEnvironment &env)
{
    if (env.isEmpty()) // no variable to read (a replay's client, many tests): no lookups per request
        return {};
    const QString scheme = url.scheme().toLower();
    std::pair<QString, QString> variable;
    if (scheme == QLatin1String("https"))
        variable = firstSet(env, {"https_proxy", "HTTPS_PROXY"});
    else if (scheme == QLatin1String("http"))
        variable = firstSet(env, {"http_proxy"});
    if (variable.first.isEmpty())
        variable = firstSet(env, {"all_proxy", "ALL_PROXY"});
    if (variable.first.isEmpty() || isLoopback(url.host()))
        return {};
    const QString noProxy = firstSet(env, {"no_proxy", "NO_PROXY"}).second;
    if (bypassed(url.host(), noProxy))
        return {};
    Parsed parsed = parse(variable.second);
    if (!parsed.problem.isEmpty())
        parsed.problem = variable.first + QStringLiteral(": ") + parsed.problem;
    return parsed;
}

Parsed Choice::forUrl(const QUrl &url) const
{
    if (written.isEmpty())
        return fromEnvironment(url, environment);
    Parsed parsed = parse(written);
    if (!parsed.problem.isEmpty())
        parsed.problem = QStringLiteral("proxy: ") + parsed.problem;
    return parsed;
}

QString routeKey(const QNetworkProxy &proxy)
{
    if (proxy.type() == QNetworkProxy::NoProxy)
        return {};
    const QByteArray password
        = QCryptographicHash::hash(proxy.password().toUtf8(), QCryptographicHash::Sha256).toHex().left(16);
    return describe(proxy) + u' ' + proxy.user() + u' ' + QString::fromLatin1(password);
}

QString viaNote(const QNetworkProxy &proxy)
{
    return QStringLiteral(" (via proxy %1)").arg(describe(proxy));
}

QString describe(const QNetworkProxy &proxy)
{
    QString scheme;
    switch (proxy.type()) {
    case QNetworkProxy::HttpProxy: scheme = QStringLiteral("http"); break;
    case QNetworkProxy::Socks5Proxy:
        scheme = proxy.capabilities().testFlag(QNetworkProxy::HostNameLookupCapability) ? QStringLiteral("socks5h")
                                                                                        : QStringLiteral("socks5");
        break;
    case QNetworkProxy::NoProxy: return QStringLiteral("none");
    default: return QStringLiteral("the system's proxy");
    }
    const QString host = proxy.hostName().contains(u':') ? u'[' + proxy.hostName() + u']' : proxy.hostName();
    return QStringLiteral("%1://%2:%3").arg(scheme, host).arg(proxy.port());
}

} // namespace ProxyRules
