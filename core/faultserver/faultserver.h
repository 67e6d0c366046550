// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/faultserver/faultroutes.h"
#include "core/util/clock.h"

#include <QDateTime>
#include <QObject>
#include <QTcpServer>
#include <QUrl>
#include <QUrlQuery>

#include <memory>

class RandomSource;

// A request as it reached the fault server: what tests assert on, rather
// than on what the client believes it sent.
struct ReceivedRequest
{
    QByteArray method;
    QString path;
    QUrlQuery query;
    HttpHeaders headers;
    QByteArray body;
    Clock::TimePoint arrivedAt;
    QDateTime arrivedUtc;
    // Which connection carried it (1 = the server's first) and its place on
    // that connection (1 = the first request): a re-send on a new connection
    // and a reused kept-alive connection are told apart by these.
    int connection = 0;
    int onConnection = 0;

    [[nodiscard]] QByteArray header(QByteArrayView name) const;
};

// The built-in fault server (docs/fault-server.md): HTTP/1.1 on 127.0.0.1 only, for the
// demo, `--fault-server` and the tests. It must misbehave below HTTP on
// purpose (reset, hang, truncate, trickle), which QHttpServer cannot be made
// to do, so it is a small QTcpServer-based responder.
class FaultServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FaultServer)

public:
    // `clock` drives /outage, /ratelimit and arrival times; `random` drives
    // /flaky (an entropy-seeded source when null).
    explicit FaultServer(const Clock &clock, RandomSource *random = nullptr, QObject *parent = nullptr);
    ~FaultServer() override;

    // Binds 127.0.0.1:port; 0 picks a free port.
    bool listen(quint16 port = 0);
    void close();
    [[nodiscard]] bool isListening() const { return m_server.isListening(); }
    [[nodiscard]] quint16 port() const { return m_server.serverPort(); }
    [[nodiscard]] QString errorString() const { return m_server.errorString(); }
    // http://127.0.0.1:<port><pathAndQuery>
    [[nodiscard]] QUrl url(const QString &pathAndQuery) const;

    [[nodiscard]] const QList<ReceivedRequest> &received() const { return m_received; }
    [[nodiscard]] QList<ReceivedRequest> receivedOn(const QString &path) const;
    void clearReceived() { m_received.clear(); }
    // Open connections, so tests can check that nothing is left behind.
    [[nodiscard]] int openConnections() const;
    // Connections accepted since the server started.
    [[nodiscard]] int acceptedConnections() const { return m_connections; }

signals:
    void requestReceived(const ReceivedRequest &request);

private:
    friend class FaultConnection;
    FaultAction handle(const HttpRequest &request, const QByteArray &client, int connection, int onConnection);
    void acceptConnections();

    QTcpServer m_server;
    const Clock &m_clock;
    std::unique_ptr<RandomSource> m_ownRandom;
    FaultRouteState m_routes;
    QList<ReceivedRequest> m_received;
    int m_connections = 0; // accepted so far
};
