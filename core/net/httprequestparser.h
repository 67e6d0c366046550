// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

using HttpHeaders = QList<QPair<QByteArray, QByteArray>>;

// One HTTP/1.1 request as the fault server received it.
struct HttpRequest
{
    QByteArray method;
    QByteArray target; // as sent: path and query
    QByteArray version;
    HttpHeaders headers;
    QByteArray body;

    // The first value of a header, matched case-insensitively; null when absent.
    [[nodiscard]] QByteArray header(QByteArrayView name) const;
};

// Cuts complete requests off the front of a connection's byte stream. The
// fault server has to speak HTTP/1.1 at the byte level (to reset, hang or
// truncate on purpose), so it parses requests itself; this is the small,
// strict subset it needs: a request line, header fields, and a body framed
// by Content-Length. Chunked request bodies are refused.
class HttpRequestParser
{
public:
    enum class Result { NeedMore, Complete, Error };

    static constexpr qsizetype maxHeadBytes = 64 * 1024;
    static constexpr qsizetype maxBodyBytes = 1024 * 1024;

    // Appends `bytes` to what is buffered.
    void feed(const QByteArray &bytes) { m_buffer += bytes; }
    // Takes the next complete request off the buffer into `request`.
    [[nodiscard]] Result next(HttpRequest &request);
    // Why the last next() returned Error.
    [[nodiscard]] const QString &error() const { return m_error; }

private:
    Result fail(const QString &error);

    QByteArray m_buffer;
    QString m_error;
};
