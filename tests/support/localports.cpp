// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/localports.h"

#include <QTcpServer>
#include <QTcpSocket>

quint16 LocalPorts::closed()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort(); // closed when `probe` goes
}

bool LocalPorts::acceptsConnections(quint16 port)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    return socket.waitForConnected(200);
}
