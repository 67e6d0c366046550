// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/config/curlcommand.h"

#include <QTest>

namespace {

QStringList words(std::initializer_list<const char *> list)
{
    QStringList result;
    for (const char *word : list)
        result.append(QString::fromUtf8(word));
    return result;
}

} // namespace

class TestCurlCommand final : public QObject
{
    Q_OBJECT

private slots:
    void shellWords_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("words");
        QTest::newRow("plain") << QStringLiteral("curl  -s http://a/") << words({"curl", "-s", "http://a/"});
        QTest::newRow("single quotes keep everything")
            << QStringLiteral("curl 'a \"b\" \\n $x'") << words({"curl", "a \"b\" \\n $x"});
        QTest::newRow("double quotes escape \" and \\")
            << QStringLiteral("curl \"a \\\"b\\\" \\\\ \\n\"") << words({"curl", "a \"b\" \\ \\n"});
        QTest::newRow("adjacent quoted parts join") << QStringLiteral("x'a'\"b\"c") << words({"xabc"});
        QTest::newRow("backslash-newline continues the line")
            << QStringLiteral("curl 'http://a/' \\\n  -H 'A: b'") << words({"curl", "http://a/", "-H", "A: b"});
        QTest::newRow("CRLF continuation") << QStringLiteral("curl \\\r\n x") << words({"curl", "x"});
        QTest::newRow("ANSI-C string") << QStringLiteral("--data-raw $'{\"a\":\"it\\'s\"}\\n'")
                                       << words({"--data-raw", "{\"a\":\"it's\"}\n"});
        QTest::newRow("ANSI-C hex") << QStringLiteral("$'\\x41\\u00e9'") << QStringList{QStringLiteral("A\u00e9")};
        QTest::newRow("escaped space") << QStringLiteral("a\\ b c") << words({"a b", "c"});
        QTest::newRow("empty quoted word") << QStringLiteral("a '' b") << words({"a", "", "b"});
    }

    void shellWords()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, words);
        QString error;
        QCOMPARE(Curl::splitShellWords(text, &error), words);
        QCOMPARE(error, QString());
    }

    void unterminatedQuotesAreErrors()
    {
        for (const QString &text :
             {QStringLiteral("curl 'abc"), QStringLiteral("curl \"abc"), QStringLiteral("$'ab")}) {
            QString error;
            QVERIFY(Curl::splitShellWords(text, &error).isEmpty());
            QVERIFY2(error.startsWith(QLatin1String("unterminated")), qPrintable(error));
        }
    }

    void browserCopyAsCurl()
    {
        // As Chromium's "Copy as cURL (bash)" writes it.
        const CurlCommand c = Curl::parse(QStringLiteral("curl 'https://api.example.com/v1/orders?x=1' \\\n"
                                                         "  -H 'accept: application/json' \\\n"
                                                         "  -H 'authorization: Bearer ${env:TOKEN}' \\\n"
                                                         "  -H 'content-type: application/json' \\\n"
                                                         "  --data-raw '{\"item\":42}' \\\n"
                                                         "  --compressed"));
        QVERIFY2(c.ok(), qPrintable(c.error));
        QCOMPARE(c.method, QByteArray("POST"));
        QCOMPARE(c.url, QUrl(QStringLiteral("https://api.example.com/v1/orders?x=1")));
        QCOMPARE(c.headers.size(), 3);
        QCOMPARE(c.headers.at(1), qMakePair(QStringLiteral("authorization"), QStringLiteral("Bearer ${env:TOKEN}")));
        QCOMPARE(c.body, QByteArray("{\"item\":42}"));
        QCOMPARE(c.ignored, QStringList{QStringLiteral("--compressed")});
    }

    void methodsAndBundledFlags()
    {
        CurlCommand c = Curl::parse(QStringLiteral("curl -sSL -XPUT http://h/x -d a=1 -d b=2"));
        QVERIFY2(c.ok(), qPrintable(c.error));
        QCOMPARE(c.method, QByteArray("PUT"));
        QCOMPARE(c.body, QByteArray("a=1&b=2"));
        QCOMPARE(c.headers,
                 (QList<QPair<QString, QString>>{
                     {QStringLiteral("Content-Type"), QStringLiteral("application/x-www-form-urlencoded")}}));

        c = Curl::parse(QStringLiteral("curl -I example.org"));
        QCOMPARE(c.method, QByteArray("HEAD"));
        QCOMPARE(c.url, QUrl(QStringLiteral("http://example.org"))); // no scheme: http, like curl

        c = Curl::parse(QStringLiteral("curl -G http://h/s?q=1 --data-urlencode 'name=a b&c'"));
        QCOMPARE(c.method, QByteArray("GET"));
        QCOMPARE(c.url.toString(QUrl::FullyEncoded), QStringLiteral("http://h/s?q=1&name=a%20b%26c"));
        QVERIFY(c.body.isEmpty());
    }

    void jsonUserAndTimeout()
    {
        const CurlCommand c = Curl::parse(
            QStringLiteral("curl --json '{\"a\":1}' -u 'me:secret' -A probe/1 -m 2.5 --retry 3 https://h/"));
        QVERIFY2(c.ok(), qPrintable(c.error));
        QCOMPARE(c.method, QByteArray("POST"));
        QCOMPARE(c.timeout, std::optional(std::chrono::milliseconds(2500)));
        const auto header = [&c](const char *name) {
            for (const auto &[n, v] : c.headers) {
                if (n.compare(QLatin1String(name), Qt::CaseInsensitive) == 0)
                    return v;
            }
            return QString();
        };
        QCOMPARE(header("Content-Type"), QStringLiteral("application/json"));
        QCOMPARE(header("Accept"), QStringLiteral("application/json"));
        QCOMPARE(header("Authorization"), QStringLiteral("Basic bWU6c2VjcmV0"));
        QCOMPARE(header("User-Agent"), QStringLiteral("probe/1"));
        QCOMPARE(c.ignored, QStringList{QStringLiteral("--retry")});
    }

    // -x becomes the endpoint's proxy, as written.
    void proxyOption()
    {
        const CurlCommand c = Curl::parse(QStringLiteral("curl -x socks5h://proxy.corp:1080 https://h/"));
        QVERIFY2(c.ok(), qPrintable(c.error));
        QCOMPARE(c.proxy, QStringLiteral("socks5h://proxy.corp:1080"));
        QVERIFY(c.ignored.isEmpty());
        QCOMPARE(Curl::parse(QStringLiteral("curl --proxy proxy.corp:3128 https://h/")).proxy,
                 QStringLiteral("proxy.corp:3128"));
        QVERIFY(Curl::parse(QStringLiteral("curl https://h/")).proxy.isEmpty());
    }

    void refusals_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("error");
        const auto row = [](const char *name, const char *text, const char *error) {
            QTest::newRow(name) << QString::fromUtf8(text) << QString::fromUtf8(error);
        };
        row("not curl", "wget http://h/", "not a curl command (it must start with \"curl\")");
        row("empty", "", "not a curl command (it must start with \"curl\")");
        row("no url", "curl -s", "no URL in the command");
        row("two urls", "curl http://a/ http://b/", "more than one URL (http://a/ and http://b/)");
        row("missing value", "curl http://a/ -H", "-H needs a value");
        row("unknown option", "curl --frobnicate http://a/", "unsupported curl option --frobnicate");
        row("file body", "curl -d @body.json http://a/",
            "--data @body.json reads a file; paste the body itself instead");
        row("form", "curl -F a=b http://a/", "--form (multipart forms and uploads) cannot be an endpoint's body");
        row("bad header", "curl -H nocolon http://a/", "header \"nocolon\" has no \"Name: value\" form");
        // Found by fuzz_curlcommand: these made headers with an empty or
        // space-containing name.
        row("header without name", "curl -H ' : x' http://a/", "header \" : x\": \"\" is not a valid header name");
        row("empty header without name", "curl -H ' ;' http://a/", "header \" ;\": \"\" is not a valid header name");
        row("header name with space", "curl -H 'a b: c' http://a/",
            "header \"a b: c\": \"a b\" is not a valid header name");
        row("https proxy", "curl -x https://u:Secr3t@p:443 http://a/",
            "--proxy: https:// proxies are not supported: use http:// (CONNECT) or socks5://");
        row("bad max-time", "curl -m soon http://a/", "--max-time soon is not a number of seconds");
        row("quote", "curl 'http://a/", "unterminated single quote");
    }

    void refusals()
    {
        QFETCH(QString, text);
        QFETCH(QString, error);
        QCOMPARE(Curl::parse(text).error, error);
    }
};

QTEST_GUILESS_MAIN(TestCurlCommand)
#include "tst_curlcommand.moc"
