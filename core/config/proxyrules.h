// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QNetworkProxy>
#include <QProcessEnvironment>
#include <QString>
#include <QUrl>

// Which proxy a request goes through, decided as curl decides it
// (docs/networks.md). Written here rather than taken from
// QNetworkProxyFactory::systemProxyForQuery(): on Linux that reads only
// http_proxy and no_proxy, uses http_proxy for https as well, ignores
// HTTPS_PROXY and all_proxy, and proxies loopback; users who set these
// variables for curl expect curl's rules.
namespace ProxyRules {

// The outcome of reading a proxy string: a proxy (NoProxy for "none"), or a
// problem in words. Credentials sit in the proxy, never in `problem`.
struct Parsed
{
    QNetworkProxy proxy{QNetworkProxy::NoProxy};
    QString problem;
};

// An endpoint's `proxy` value or an environment variable's:
// "[http://][user:password@]host[:port]" (an HTTP proxy, CONNECT for
// https; curl's default port 1080), "socks5://host[:port]" (names resolved
// here, as curl does), "socks5h://host[:port]" (names resolved by the
// proxy), or "none". User and password are percent-decoded.
[[nodiscard]] Parsed parse(const QString &text);

// True when `host` matches a no_proxy list: "*", a host name matched
// exactly or as a domain suffix ("example.com" and ".example.com" both
// match "api.example.com"), an IP address, or an IP range in CIDR form
// ("10.0.0.0/8"). Case-insensitive; blanks around entries are ignored.
[[nodiscard]] bool bypassed(const QString &host, const QString &noProxy);

// True for localhost and loopback addresses (127.0.0.0/8, ::1), which never
// use a proxy from the environment.
[[nodiscard]] bool isLoopback(const QString &host);

// The proxy the environment gives a request to `url`: https_proxy or
// HTTPS_PROXY for https, http_proxy (lower case only: HTTP_PROXY can be set
// by a web server's request header in CGI) for http, all_proxy or
// ALL_PROXY when the scheme's own variable is unset; none for loopback or a
// host in no_proxy or NO_PROXY. Lower case wins where both are set. An
// unreadable variable gives its problem, naming the variable.
[[nodiscard]] Parsed fromEnvironment(const QUrl &url, const QProcessEnvironment &env);

// Where one endpoint's requests go: through the proxy its `proxy` key names,
// or, without the key, as the environment says for each URL (a redirect to
// another host may go another way).
struct Choice
{
    QString written; // the `proxy` value, ${env:NAME} resolved; empty: the environment decides
    QProcessEnvironment environment; // the variables read when `written` is empty

    // The proxy for a request to `url`; a problem names the key or the variable.
    [[nodiscard]] Parsed forUrl(const QUrl &url) const;
};

// A text that tells requests apart by proxy (type, address, user, and a
// digest of the password, never the password): empty for no proxy.
[[nodiscard]] QString routeKey(const QNetworkProxy &proxy);

// What an attempt's error text ends with when it went through `proxy`:
// " (via proxy http://proxy.corp:3128)", so that a refusal or an error page
// is not taken for the server's.
[[nodiscard]] QString viaNote(const QNetworkProxy &proxy);

// The proxy as written for people: scheme, host and port, never the
// credentials ("http://proxy.corp:3128").
[[nodiscard]] QString describe(const QNetworkProxy &proxy);

} // namespace ProxyRules
