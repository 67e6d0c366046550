// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/metrics/promtext.h"

#include <QHostAddress>
#include <QObject>
#include <QTcpServer>

#include <functional>

// Serves GET /metrics for Prometheus (issue #9): one small HTTP/1.1
// responder on a QTcpServer, reusing the fault server's request parser.
// QHttpServer would do it too, but it is not in Qt 6.4's base packages on
// Debian (it needs qt6-httpserver-dev and qt6-websockets-dev) and an agent
// should not carry a web framework for one route. Every response closes
// its connection; a client that sends nothing whole within 10 s is dropped;
// at most 64 connections are open at once.
class MetricsServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MetricsServer)

public:
    // Renders the exposition in the format asked for, at scrape time.
    using Scrape = std::function<QByteArray(PromText::Format)>;

    explicit MetricsServer(Scrape scrape, QObject *parent = nullptr);
    ~MetricsServer() override;

    // Empty on success, else why not ("127.0.0.1:9464: The address is
    // protected", "...: The bound address is already in use").
    [[nodiscard]] QString listen(const QHostAddress &address, quint16 port);
    [[nodiscard]] quint16 port() const { return m_server.serverPort(); }
    [[nodiscard]] QHostAddress address() const { return m_server.serverAddress(); }
    [[nodiscard]] int openConnections() const { return m_open; }

private:
    void acceptConnections();
    void serve(class QTcpSocket *socket);

    QTcpServer m_server;
    Scrape m_scrape;
    int m_open = 0;
};
