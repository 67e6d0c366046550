// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/faultserver/faultroutes.h"
#include "core/net/httprequestparser.h"

#include <QObject>
#include <QTimer>

class FaultServer;
class QTcpSocket;

// One client connection of the fault server: parses requests one after the
// other (keep-alive), asks the server what to do, and does it on the wire.
class FaultConnection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FaultConnection)

public:
    // Takes ownership of `socket`.
    FaultConnection(QTcpSocket *socket, int number, FaultServer &server);
    ~FaultConnection() override;

private:
    void readRequests();
    void execute(const FaultAction &action, bool headOnly);
    void writeHead(int status, const HttpHeaders &headers, qint64 contentLength, const QByteArray &body = {});
    void writeFiller(qint64 bytes);
    void pumpStream();
    void dripTick();
    void responseDone();
    void closeGracefully();

    QTcpSocket *m_socket;
    FaultServer &m_server;
    HttpRequestParser m_parser;
    QTimer m_timer;
    QTimer m_idle; // ?idle_ms=: closes a kept-alive connection left idle
    const int m_number; // 1 = the server's first connection
    int m_requests = 0; // requests read on this connection
    qint64 m_idleCloseMs = 0;
    bool m_busy = false;
    bool m_closeAfter = false;
    bool m_streaming = false;
    qint64 m_remaining = 0;
    qint64 m_perTick = 0;
};
