// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/metrics/metricsserver.h"

#include "core/net/httprequestparser.h"

#include <QTcpSocket>
#include <QTimer>
#include <QUrl>

#include <memory>

namespace {

constexpr int maxConnections = 64;
constexpr std::chrono::seconds requestTimeout{10};

QByteArray response(int status, const QByteArray &reason, const QByteArray &contentType, const QByteArray &body,
                    bool withBody)
{
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\n";
    out += "Content-Type: " + contentType + "\r\n";
    out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    out += "Connection: close\r\n\r\n";
    if (withBody)
        out += body;
    return out;
}

QByteArray text(int status, const QByteArray &reason, const QByteArray &body, bool withBody = true)
{
    return response(status, reason, "text/plain; charset=utf-8", body, withBody);
}

} // namespace

MetricsServer::MetricsServer(Scrape scrape, QObject *parent)
    : QObject(parent)
    , m_scrape(std::move(scrape))
{
    connect(&m_server, &QTcpServer::newConnection, this, &MetricsServer::acceptConnections);
}

MetricsServer::~MetricsServer()
{
    // Connections go first, while the counter they decrement still exists.
    m_server.close();
    qDeleteAll(m_server.findChildren<QTcpSocket *>());
}

QString MetricsServer::listen(const QHostAddress &address, quint16 port)
{
    if (m_server.listen(address, port))
        return {};
    const QString where = address.protocol() == QAbstractSocket::IPv6Protocol
        ? QStringLiteral("[%1]:%2").arg(address.toString()).arg(port)
        : QStringLiteral("%1:%2").arg(address.toString()).arg(port);
    return QStringLiteral("metrics: cannot listen on %1: %2").arg(where, m_server.errorString());
}

void MetricsServer::acceptConnections()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        if (m_open >= maxConnections) {
            socket->write(text(503, "Service Unavailable", "too many connections\n"));
            socket->disconnectFromHost();
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            continue;
        }
        ++m_open;
        connect(socket, &QObject::destroyed, this, [this] { --m_open; });
        serve(socket);
    }
}

void MetricsServer::serve(QTcpSocket *socket)
{
    auto parser = std::make_shared<HttpRequestParser>();
    auto *deadline = new QTimer(socket);
    deadline->setSingleShot(true);
    connect(deadline, &QTimer::timeout, socket, [socket] { socket->abort(); });
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    connect(socket, &QAbstractSocket::errorOccurred, socket, [socket] {
        if (socket->state() == QAbstractSocket::UnconnectedState)
            socket->deleteLater();
    });
    deadline->start(requestTimeout);
    connect(socket, &QTcpSocket::readyRead, socket, [this, socket, parser, deadline] {
        parser->feed(socket->readAll());
        HttpRequest request;
        QByteArray answer;
        switch (parser->next(request)) {
        case HttpRequestParser::Result::NeedMore: return;
        case HttpRequestParser::Result::Error:
            answer = text(400, "Bad Request", parser->error().toUtf8() + '\n');
            break;
        case HttpRequestParser::Result::Complete: {
            const bool head = request.method == "HEAD";
            const QString path = QUrl(QString::fromLatin1(request.target)).path();
            if (request.method != "GET" && !head) {
                answer = text(405, "Method Not Allowed", "only GET and HEAD\n");
            } else if (path == QLatin1String("/metrics")) {
                const PromText::Format format = PromText::negotiate(request.header("Accept"));
                answer = response(200, "OK", PromText::contentType(format), m_scrape(format), !head);
            } else if (path == QLatin1String("/")) {
                answer = text(200, "OK", "Retryscope agent: metrics at /metrics\n", !head);
            } else {
                answer = text(404, "Not Found", "not found; metrics are at /metrics\n", !head);
            }
            break;
        }
        }
        deadline->stop();
        disconnect(socket, &QTcpSocket::readyRead, socket, nullptr);
        socket->write(answer);
        socket->disconnectFromHost(); // after the bytes are written
        deadline->start(requestTimeout); // a reader that never reads is dropped too
    });
}
