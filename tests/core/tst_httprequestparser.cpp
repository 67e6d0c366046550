// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/net/httprequestparser.h"

#include <QTest>

class TestHttpRequestParser final : public QObject
{
    Q_OBJECT

private slots:
    void parsesRequestsOneAfterTheOther()
    {
        HttpRequestParser parser;
        parser.feed("GET /ok?x=1 HTTP/1.1\r\nHost: a\r\nX-Two:  spaced  \r\n\r\nPOST /p HTTP/1.1\r\nContent-Len");
        HttpRequest request;
        QCOMPARE(parser.next(request), HttpRequestParser::Result::Complete);
        QCOMPARE(request.method, QByteArray("GET"));
        QCOMPARE(request.target, QByteArray("/ok?x=1"));
        QCOMPARE(request.version, QByteArray("HTTP/1.1"));
        QCOMPARE(request.header("host"), QByteArray("a"));
        QCOMPARE(request.header("X-TWO"), QByteArray("spaced"));
        QVERIFY(request.header("missing").isNull());
        QCOMPARE(parser.next(request), HttpRequestParser::Result::NeedMore);
        parser.feed("gth: 5\r\n\r\nab");
        QCOMPARE(parser.next(request), HttpRequestParser::Result::NeedMore);
        parser.feed("cde\r\n");
        QCOMPARE(parser.next(request), HttpRequestParser::Result::Complete);
        QCOMPARE(request.method, QByteArray("POST"));
        QCOMPARE(request.body, QByteArray("abcde"));
        QCOMPARE(parser.next(request), HttpRequestParser::Result::NeedMore);
    }

    // Found by fuzz_httprequest: a blank line before a request, cut by the
    // network between its CR and its LF, was refused as a malformed request.
    void blankLineCutBetweenCrAndLf()
    {
        HttpRequestParser parser;
        HttpRequest request;
        parser.feed("\r");
        QCOMPARE(parser.next(request), HttpRequestParser::Result::NeedMore);
        parser.feed("\nGET /ok HTTP/1.1\r\n\r\n");
        QCOMPARE(parser.next(request), HttpRequestParser::Result::Complete);
        QCOMPARE(request.target, QByteArray("/ok"));
        parser.feed("\rX");
        QCOMPARE(parser.next(request), HttpRequestParser::Result::Error);
    }

    void refusesMalformedInput_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("error");
        QTest::newRow("garbage") << QByteArray("hello\r\n\r\n") << QStringLiteral("malformed request line");
        QTest::newRow("no version") << QByteArray("GET /\r\n\r\n") << QStringLiteral("malformed request line");
        QTest::newRow("HTTP/2 preface") << QByteArray("PRI * HTTP/2.0\r\n\r\n")
                                        << QStringLiteral("malformed request line");
        QTest::newRow("bad header") << QByteArray("GET / HTTP/1.1\r\nno colon\r\n\r\n")
                                    << QStringLiteral("malformed header line 1");
        QTest::newRow("space in name") << QByteArray("GET / HTTP/1.1\r\nBad Name: x\r\n\r\n")
                                       << QStringLiteral("malformed header line 1");
        QTest::newRow("negative length") << QByteArray("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n")
                                         << QStringLiteral("bad Content-Length");
        QTest::newRow("huge length") << QByteArray("POST / HTTP/1.1\r\nContent-Length: 99999999999\r\n\r\n")
                                     << QStringLiteral("request body larger than 1048576 bytes");
        QTest::newRow("chunked") << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n")
                                 << QStringLiteral("chunked request bodies are not supported");
        QTest::newRow("TLS ClientHello") << QByteArray("\x16\x03\x01\x02\x00\x01", 6)
                                         << QStringLiteral("malformed request line");
        QTest::newRow("endless head") << QByteArray(70000, 'a')
                                      << QStringLiteral("request head larger than 65536 bytes");
    }

    void refusesMalformedInput()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, error);
        HttpRequestParser parser;
        parser.feed(bytes);
        HttpRequest request;
        QCOMPARE(parser.next(request), HttpRequestParser::Result::Error);
        QCOMPARE(parser.error(), error);
    }
};

QTEST_GUILESS_MAIN(TestHttpRequestParser)
#include "tst_httprequestparser.moc"
