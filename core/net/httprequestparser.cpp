// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/net/httprequestparser.h"

#include "core/util/httptoken.h"

QByteArray HttpRequest::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (name.compare(key, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

HttpRequestParser::Result HttpRequestParser::fail(const QString &error)
{
    m_error = error;
    return Result::Error;
}

HttpRequestParser::Result HttpRequestParser::next(HttpRequest &request)
{
    // Tolerate empty lines before a request line (RFC 9112 §2.2).
    while (m_buffer.startsWith("\r\n"))
        m_buffer.remove(0, 2);
    // A lone CR may be the first half of such a line, cut by the network.
    if (m_buffer == "\r")
        return Result::NeedMore;
    // A request starts with a method token. Anything else (a TLS
    // ClientHello on this plain port, say) is refused at once rather than
    // waited on for a blank line that will never come.
    if (!m_buffer.isEmpty() && !HttpToken::isToken(m_buffer.left(1)))
        return fail(QStringLiteral("malformed request line"));
    const qsizetype headEnd = m_buffer.indexOf("\r\n\r\n");
    if (headEnd < 0) {
        if (m_buffer.size() > maxHeadBytes)
            return fail(QStringLiteral("request head larger than %1 bytes").arg(maxHeadBytes));
        return Result::NeedMore;
    }
    if (headEnd > maxHeadBytes)
        return fail(QStringLiteral("request head larger than %1 bytes").arg(maxHeadBytes));

    const QList<QByteArray> lines = m_buffer.left(headEnd).split('\n');
    const QList<QByteArray> requestLine = lines.front().trimmed().split(' ');
    if (requestLine.size() != 3 || !HttpToken::isToken(requestLine[0]) || requestLine[1].isEmpty()
        || !requestLine[2].startsWith("HTTP/1."))
        return fail(QStringLiteral("malformed request line"));

    HttpRequest parsed;
    parsed.method = requestLine[0];
    parsed.target = requestLine[1];
    parsed.version = requestLine[2];
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].endsWith('\r') ? lines[i].chopped(1) : lines[i];
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || !HttpToken::isToken(line.left(colon)))
            return fail(QStringLiteral("malformed header line %1").arg(i));
        parsed.headers.append({line.left(colon), line.mid(colon + 1).trimmed()});
    }

    if (!parsed.header("Transfer-Encoding").isNull())
        return fail(QStringLiteral("chunked request bodies are not supported"));
    qsizetype bodyLength = 0;
    if (const QByteArray length = parsed.header("Content-Length"); !length.isNull()) {
        bool ok = false;
        bodyLength = length.toLongLong(&ok);
        if (!ok || bodyLength < 0)
            return fail(QStringLiteral("bad Content-Length"));
        if (bodyLength > maxBodyBytes)
            return fail(QStringLiteral("request body larger than %1 bytes").arg(maxBodyBytes));
    }
    const qsizetype total = headEnd + 4 + bodyLength;
    if (m_buffer.size() < total)
        return Result::NeedMore;
    parsed.body = m_buffer.mid(headEnd + 4, bodyLength);
    m_buffer.remove(0, total);
    request = std::move(parsed);
    return Result::Complete;
}
