// SPDX-License-Identifier: GPL-3.0-or-later
// Which proxy a request uses: proxy strings, and the environment read as
// curl reads it (scheme variables, case, all_proxy, no_proxy, loopback).
#include "core/config/proxyrules.h"

#include <QTest>

namespace {

QProcessEnvironment environment(std::initializer_list<std::pair<const char *, const char *>> variables)
{
    QProcessEnvironment env;
    for (const auto &[name, value] : variables)
        env.insert(QLatin1String(name), QLatin1String(value));
    return env;
}

// The proxy the environment gives `url`, as written for people, or the
// problem (bytes, so that it compares with a literal).
QByteArray proxyFor(const char *url, const QProcessEnvironment &env)
{
    const ProxyRules::Parsed parsed = ProxyRules::fromEnvironment(QUrl(QLatin1String(url)), env);
    return (parsed.problem.isEmpty() ? ProxyRules::describe(parsed.proxy) : parsed.problem).toUtf8();
}

} // namespace

class TestProxyRules final : public QObject
{
    Q_OBJECT

private slots:
    void parsesWhatCurlTakes_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("described");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("password");
        QTest::newRow("http with port") << "http://proxy.corp:3128"
                                        << "http://proxy.corp:3128"
                                        << ""
                                        << "";
        QTest::newRow("no scheme is http") << "proxy.corp:8080"
                                           << "http://proxy.corp:8080"
                                           << ""
                                           << "";
        QTest::newRow("curl's default port") << "http://proxy.corp"
                                             << "http://proxy.corp:1080"
                                             << ""
                                             << "";
        QTest::newRow("trailing slash") << "http://proxy.corp:3128/"
                                        << "http://proxy.corp:3128"
                                        << ""
                                        << "";
        QTest::newRow("credentials decoded") << "http://ann:p%40ss%3Aw@10.0.0.1:3128"
                                             << "http://10.0.0.1:3128"
                                             << "ann"
                                             << "p@ss:w";
        QTest::newRow("socks5") << "socks5://127.0.0.1:1080"
                                << "socks5://127.0.0.1:1080"
                                << ""
                                << "";
        QTest::newRow("socks5h") << "SOCKS5H://gateway:9050"
                                 << "socks5h://gateway:9050"
                                 << ""
                                 << "";
        QTest::newRow("IPv6") << "http://[::1]:3128"
                              << "http://[::1]:3128"
                              << ""
                              << "";
        QTest::newRow("none") << " None "
                              << "none"
                              << ""
                              << "";
    }
    void parsesWhatCurlTakes()
    {
        QFETCH(QString, text);
        QFETCH(QString, described);
        const ProxyRules::Parsed parsed = ProxyRules::parse(text);
        QCOMPARE(parsed.problem, QString());
        QCOMPARE(ProxyRules::describe(parsed.proxy), described);
        QFETCH(QString, user);
        QFETCH(QString, password);
        QCOMPARE(parsed.proxy.user(), user);
        QCOMPARE(parsed.proxy.password(), password);
    }

    // socks5 resolves names here, socks5h lets the proxy resolve them.
    void socksNameResolution()
    {
        using C = QNetworkProxy::Capability;
        QVERIFY(!ProxyRules::parse(QStringLiteral("socks5://p:1"))
                     .proxy.capabilities()
                     .testFlag(C::HostNameLookupCapability));
        QVERIFY(ProxyRules::parse(QStringLiteral("socks5h://p:1"))
                    .proxy.capabilities()
                    .testFlag(C::HostNameLookupCapability));
        QCOMPARE(ProxyRules::parse(QStringLiteral("socks5://p:1")).proxy.type(), QNetworkProxy::Socks5Proxy);
        QCOMPARE(ProxyRules::parse(QStringLiteral("http://p:1")).proxy.type(), QNetworkProxy::HttpProxy);
        QCOMPARE(ProxyRules::parse(QStringLiteral("none")).proxy.type(), QNetworkProxy::NoProxy);
    }

    // Each problem in words, and never the password it was given.
    void refusesWithReasons_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("problem");
        QTest::newRow("empty") << "  "
                               << "empty: write none for no proxy";
        QTest::newRow("https proxy") << "https://ann:secret@proxy:443"
                                     << "https:// proxies are not supported: use http:// (CONNECT) or socks5://";
        QTest::newRow("socks4") << "socks4://proxy:1080"
                                << "socks4:// proxies are not supported: use http:// (CONNECT) or socks5://";
        QTest::newRow("unknown scheme") << "ftp://proxy:21"
                                        << "unknown proxy scheme ftp://: use http://, socks5:// or socks5h://";
        QTest::newRow("path") << "http://ann:secret@proxy:3128/x"
                              << "a proxy URL has no path: give only http://host:port";
        QTest::newRow("bad port") << "http://ann:secret@proxy:99999"
                                  << "not a proxy URL: write [http://][user:password@]host[:port], "
                                     "socks5://host[:port], socks5h://host[:port] or none";
        QTest::newRow("no host") << "http://:3128"
                                 << "not a proxy URL: write [http://][user:password@]host[:port], "
                                    "socks5://host[:port], socks5h://host[:port] or none";
    }
    void refusesWithReasons()
    {
        QFETCH(QString, text);
        QFETCH(QString, problem);
        const ProxyRules::Parsed parsed = ProxyRules::parse(text);
        QCOMPARE(parsed.problem, problem);
        QVERIFY(!parsed.problem.contains(QLatin1String("secret")));
    }

    void noProxyLists_data()
    {
        QTest::addColumn<QString>("host");
        QTest::addColumn<QString>("noProxy");
        QTest::addColumn<bool>("bypassed");
        QTest::newRow("star") << "api.example.com"
                              << "*" << true;
        QTest::newRow("star in a list") << "api.example.com"
                                        << "intranet, *" << true;
        QTest::newRow("exact") << "example.com"
                               << "example.com" << true;
        QTest::newRow("suffix") << "api.example.com"
                                << "example.com" << true;
        QTest::newRow("dotted suffix") << "api.example.com"
                                       << ".example.com" << true;
        QTest::newRow("dotted suffix, bare host") << "example.com"
                                                  << ".example.com" << true;
        QTest::newRow("not a label boundary") << "badexample.com"
                                              << "example.com" << false;
        QTest::newRow("case and blanks") << "API.Example.COM"
                                         << " foo , EXAMPLE.com " << true;
        QTest::newRow("final dot") << "api.example.com."
                                   << "example.com" << true;
        QTest::newRow("other host") << "api.example.org"
                                    << "example.com,intranet" << false;
        QTest::newRow("empty list") << "api.example.com"
                                    << "" << false;
        QTest::newRow("IPv4") << "10.1.2.3"
                              << "10.1.2.3" << true;
        QTest::newRow("IPv4 is not a suffix") << "110.1.2.3"
                                              << "10.1.2.3" << false;
        QTest::newRow("CIDR in") << "10.1.2.3"
                                 << "192.168.0.0/16,10.0.0.0/8" << true;
        QTest::newRow("CIDR out") << "11.1.2.3"
                                  << "10.0.0.0/8" << false;
        QTest::newRow("CIDR, a name") << "ten.example"
                                      << "10.0.0.0/8" << false;
        QTest::newRow("IPv6") << "fd00::5"
                              << "[fd00::5]" << true;
        QTest::newRow("IPv6 CIDR") << "fd00::5"
                                   << "fd00::/8" << true;
    }
    void noProxyLists()
    {
        QFETCH(QString, host);
        QFETCH(QString, noProxy);
        QFETCH(bool, bypassed);
        QCOMPARE(ProxyRules::bypassed(host, noProxy), bypassed);
    }

    void loopback()
    {
        for (const char *host : {"localhost", "LOCALHOST", "app.localhost", "127.0.0.1", "127.9.9.9", "::1"})
            QVERIFY2(ProxyRules::isLoopback(QLatin1String(host)), host);
        for (const char *host : {"localhost.example.com", "128.0.0.1", "10.0.0.1", "::2", "example.com"})
            QVERIFY2(!ProxyRules::isLoopback(QLatin1String(host)), host);
    }

    void environmentAsCurlReadsIt()
    {
        // The scheme's own variable; https in either case, lower case first.
        QCOMPARE(proxyFor("https://a.example/", environment({{"https_proxy", "http://low:1"}})), "http://low:1");
        QCOMPARE(proxyFor("https://a.example/", environment({{"HTTPS_PROXY", "http://up:1"}})), "http://up:1");
        QCOMPARE(proxyFor("https://a.example/",
                          environment({{"https_proxy", "http://low:1"}, {"HTTPS_PROXY", "http://up:1"}})),
                 "http://low:1");
        // http only in lower case: HTTP_PROXY can come from a request header in CGI.
        QCOMPARE(proxyFor("http://a.example/", environment({{"http_proxy", "http://low:1"}})), "http://low:1");
        QCOMPARE(proxyFor("http://a.example/", environment({{"HTTP_PROXY", "http://up:1"}})), "none");
        // Each scheme its own: http_proxy is not used for https, nor https_proxy for http.
        QCOMPARE(proxyFor("https://a.example/", environment({{"http_proxy", "http://low:1"}})), "none");
        QCOMPARE(proxyFor("http://a.example/", environment({{"https_proxy", "http://low:1"}})), "none");
        // all_proxy when the scheme's own is unset or empty.
        QCOMPARE(proxyFor("http://a.example/", environment({{"ALL_PROXY", "socks5://s:2"}})), "socks5://s:2");
        QCOMPARE(proxyFor("https://a.example/", environment({{"all_proxy", "socks5h://s:2"}, {"https_proxy", ""}})),
                 "socks5h://s:2");
        QCOMPARE(
            proxyFor("https://a.example/", environment({{"all_proxy", "socks5://s:2"}, {"https_proxy", "http://h:1"}})),
            "http://h:1");
        // Nothing set: no proxy.
        QCOMPARE(proxyFor("https://a.example/", QProcessEnvironment()), "none");
    }

    void environmentExceptions()
    {
        const auto env = environment(
            {{"https_proxy", "http://p:1"}, {"http_proxy", "http://p:1"}, {"no_proxy", ".corp,10.0.0.0/8"}});
        QCOMPARE(proxyFor("https://api.corp/", env), "none");
        QCOMPARE(proxyFor("https://10.2.3.4:8443/", env), "none");
        QCOMPARE(proxyFor("https://api.example/", env), "http://p:1");
        // NO_PROXY when no_proxy is unset; lower case wins when both are.
        QCOMPARE(proxyFor("https://api.corp/", environment({{"https_proxy", "http://p:1"}, {"NO_PROXY", "corp"}})),
                 "none");
        QCOMPARE(proxyFor("https://api.corp/",
                          environment({{"https_proxy", "http://p:1"}, {"no_proxy", "other"}, {"NO_PROXY", "corp"}})),
                 "http://p:1");
        // Loopback never goes through a proxy from the environment.
        for (const char *url : {"http://127.0.0.1:8080/", "http://localhost/", "https://[::1]:8443/"})
            QCOMPARE(proxyFor(url, env), "none");
    }

    // A variable that is not a proxy URL is a problem naming the variable,
    // without the password it held.
    void environmentProblemsNameTheVariable()
    {
        QCOMPARE(proxyFor("https://a.example/", environment({{"HTTPS_PROXY", "https://ann:secret@p:443"}})),
                 "HTTPS_PROXY: https:// proxies are not supported: use http:// (CONNECT) or socks5://");
        // A host that bypasses the proxy does not care what the variable holds.
        QCOMPARE(
            proxyFor("https://a.example/", environment({{"https_proxy", "https://p:443"}, {"no_proxy", "a.example"}})),
            "none");
    }
};

QTEST_GUILESS_MAIN(TestProxyRules)
#include "tst_proxyrules.moc"
