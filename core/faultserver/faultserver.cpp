// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/faultserver/faultserver.h"

#include "core/faultserver/faultconnection.h"
#include "core/util/randomsource.h"

#include <QTcpSocket>

QByteArray ReceivedRequest::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (name.compare(key, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

namespace {

RandomSource &randomOrOwn(RandomSource *random, std::unique_ptr<RandomSource> &own)
{
    if (!random)
        own = std::make_unique<SeededRandom>(SeededRandom::entropySeed());
    return random ? *random : *own;
}

} // namespace

FaultServer::FaultServer(const Clock &clock, RandomSource *random, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
    , m_routes{clock, randomOrOwn(random, m_ownRandom), clock.now(), {}, {}}
{
    connect(&m_server, &QTcpServer::newConnection, this, &FaultServer::acceptConnections);
}

FaultServer::~FaultServer() = default;

bool FaultServer::listen(quint16 port)
{
    if (!m_server.listen(QHostAddress::LocalHost, port))
        return false;
    m_routes.startedAt = m_clock.now();
    return true;
}

void FaultServer::close()
{
    m_server.close();
    const QList<FaultConnection *> connections = findChildren<FaultConnection *>(Qt::FindDirectChildrenOnly);
    qDeleteAll(connections);
}

QUrl FaultServer::url(const QString &pathAndQuery) const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port()).arg(pathAndQuery));
}

QList<ReceivedRequest> FaultServer::receivedOn(const QString &path) const
{
    QList<ReceivedRequest> matching;
    for (const ReceivedRequest &request : m_received) {
        if (request.path == path)
            matching.append(request);
    }
    return matching;
}

int FaultServer::openConnections() const
{
    return static_cast<int>(findChildren<FaultConnection *>(Qt::FindDirectChildrenOnly).size());
}

void FaultServer::acceptConnections()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection())
        new FaultConnection(socket, ++m_connections, *this);
}

FaultAction FaultServer::handle(const HttpRequest &request, const QByteArray &client, int connection, int onConnection)
{
    const QUrl url(QString::fromLatin1(request.target));
    ReceivedRequest received{request.method, url.path(),       QUrlQuery(url), request.headers, request.body,
                             m_clock.now(),  m_clock.utcNow(), connection,     onConnection};
    m_received.append(received);
    emit requestReceived(received);
    return routeFaultRequest(request, client, m_routes);
}
