// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/faultserver/faultconnection.h"

#include "core/faultserver/faultserver.h"
#include "core/policy/httpdate.h"

#include <QTcpSocket>

#include <algorithm>

namespace {

constexpr qint64 chunkBytes = 64 * 1024;
// Stop filling the socket while this much is still queued: a 10 GB body
// streams through a bounded buffer instead of being built in memory.
constexpr qint64 highWaterBytes = 4 * chunkBytes;

const QByteArray &filler()
{
    static const QByteArray chunk(chunkBytes, '.');
    return chunk;
}

bool hasNoBody(int status)
{
    return (status >= 100 && status < 200) || status == 204 || status == 304;
}

} // namespace

FaultConnection::FaultConnection(QTcpSocket *socket, int number, FaultServer &server)
    : QObject(&server)
    , m_socket(socket)
    , m_server(server)
    , m_number(number)
{
    m_idle.setSingleShot(true);
    // Precise: a coarse timer may fire up to 5 % early, and an idle close
    // that comes before idle_ms is not what a test asked for.
    m_idle.setTimerType(Qt::PreciseTimer);
    connect(&m_idle, &QTimer::timeout, this, &FaultConnection::closeGracefully);
    m_socket->setParent(this);
    connect(m_socket, &QTcpSocket::readyRead, this, &FaultConnection::readRequests);
    connect(m_socket, &QTcpSocket::disconnected, this, &QObject::deleteLater);
    connect(m_socket, &QTcpSocket::bytesWritten, this, [this] {
        if (m_streaming)
            pumpStream();
    });
    connect(&m_timer, &QTimer::timeout, this, &FaultConnection::dripTick);
}

FaultConnection::~FaultConnection() = default;

void FaultConnection::readRequests()
{
    m_parser.feed(m_socket->readAll());
    while (!m_busy) {
        HttpRequest request;
        const auto result = m_parser.next(request);
        if (result == HttpRequestParser::Result::NeedMore)
            return;
        if (result == HttpRequestParser::Result::Error) {
            const QByteArray body = "bad request: " + m_parser.error().toUtf8() + '\n';
            m_closeAfter = true;
            m_busy = true;
            writeHead(400, {}, body.size());
            m_socket->write(body);
            responseDone();
            return;
        }
        m_closeAfter
            = request.header("Connection").compare("close", Qt::CaseInsensitive) == 0 || request.version == "HTTP/1.0";
        const QByteArray client = request.header("X-Client-Id").isEmpty()
            ? m_socket->peerAddress().toString().toLatin1()
            : request.header("X-Client-Id");
        m_busy = true;
        m_idle.stop(); // a new request arrived in time
        const FaultAction action = m_server.handle(request, client, m_number, ++m_requests);
        m_idleCloseMs = action.idleCloseMs;
        execute(action, request.method == "HEAD");
    }
}

void FaultConnection::execute(const FaultAction &action, bool headOnly)
{
    switch (action.kind) {
    case FaultAction::Kind::Hang: return; // stays busy: this connection never answers again
    case FaultAction::Kind::Reset:
        m_socket->abort();
        deleteLater();
        return;
    case FaultAction::Kind::Close: closeGracefully(); return;
    case FaultAction::Kind::PartialHead:
        // Half of a response head, cut inside a header line.
        m_socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/pl");
        closeGracefully();
        return;
    case FaultAction::Kind::Respond:
        if (action.delayMs > 0) {
            FaultAction now = action;
            now.delayMs = 0;
            QTimer::singleShot(std::chrono::milliseconds(action.delayMs), this,
                               [this, now, headOnly] { execute(now, headOnly); });
            return;
        }
        if (hasNoBody(action.status))
            writeHead(action.status, action.headers, -1);
        else
            writeHead(action.status, action.headers, action.body.size(), headOnly ? QByteArray() : action.body);
        responseDone();
        return;
    case FaultAction::Kind::Truncate:
        m_closeAfter = true;
        writeHead(200, {}, action.declaredBytes);
        writeFiller(action.bodyBytes);
        responseDone();
        return;
    case FaultAction::Kind::Stream:
        writeHead(200, {}, action.bodyBytes);
        m_remaining = headOnly ? 0 : action.bodyBytes;
        m_streaming = true;
        pumpStream();
        return;
    case FaultAction::Kind::Drip: {
        writeHead(200, {}, action.bodyBytes);
        // About one write every 10 ms, evenly spread over the duration.
        const qint64 ticks = std::clamp<qint64>(action.delayMs / 10, 1, action.bodyBytes);
        m_remaining = action.bodyBytes;
        m_perTick = (action.bodyBytes + ticks - 1) / ticks;
        m_timer.start(std::chrono::milliseconds(action.delayMs / ticks));
        return;
    }
    }
}

void FaultConnection::writeHead(int status, const HttpHeaders &headers, qint64 contentLength, const QByteArray &body)
{
    QByteArray head = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    head += "Date: " + formatHttpDate(m_server.m_clock.utcNow()) + "\r\n";
    head += "Server: retryscope-fault-server\r\n";
    const bool typed = std::any_of(headers.begin(), headers.end(), [](const auto &header) {
        return header.first.compare("Content-Type", Qt::CaseInsensitive) == 0;
    });
    if (contentLength >= 0)
        head += (typed ? QByteArray() : QByteArray("Content-Type: text/plain\r\n"))
            + "Content-Length: " + QByteArray::number(contentLength) + "\r\n";
    for (const auto &[name, value] : headers)
        head += name + ": " + value + "\r\n";
    if (m_closeAfter)
        head += "Connection: close\r\n";
    // One write for head and a small body: one segment on the wire, as real
    // servers send small responses.
    m_socket->write(head + "\r\n" + body);
}

void FaultConnection::writeFiller(qint64 bytes)
{
    while (bytes > 0) {
        const qint64 n = std::min(bytes, chunkBytes);
        m_socket->write(filler().constData(), n);
        bytes -= n;
    }
}

void FaultConnection::pumpStream()
{
    while (m_remaining > 0 && m_socket->bytesToWrite() < highWaterBytes) {
        const qint64 n = std::min(m_remaining, chunkBytes);
        m_socket->write(filler().constData(), n);
        m_remaining -= n;
    }
    if (m_remaining == 0) {
        m_streaming = false;
        responseDone();
    }
}

void FaultConnection::dripTick()
{
    const qint64 n = std::min(m_remaining, m_perTick);
    writeFiller(n);
    m_remaining -= n;
    if (m_remaining == 0) {
        m_timer.stop();
        responseDone();
    }
}

void FaultConnection::responseDone()
{
    m_busy = false;
    if (m_closeAfter) {
        closeGracefully();
        return;
    }
    if (m_idleCloseMs > 0)
        m_idle.start(std::chrono::milliseconds(m_idleCloseMs));
    // Queued: a request already buffered behind this one is served next,
    // without recursing from inside a write.
    QMetaObject::invokeMethod(this, &FaultConnection::readRequests, Qt::QueuedConnection);
}

void FaultConnection::closeGracefully()
{
    m_busy = true; // nothing more is read on a closing connection
    m_idle.stop();
    m_socket->disconnectFromHost(); // FIN once what was written is sent
}
