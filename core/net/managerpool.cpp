// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/net/managerpool.h"

#include "core/config/proxyrules.h"

#include <QNetworkAccessManager>

#include <numeric>

ManagerPool::ManagerPool(int maxLanes, QObject *parent)
    : QObject(parent)
    , m_maxLanes(std::max(1, maxLanes))
{ }

ManagerPool::~ManagerPool()
{
    for (QNetworkAccessManager *own : std::as_const(m_oneShots))
        delete own;
}

QString ManagerPool::originOf(const QUrl &url)
{
    const bool https = url.scheme() == QLatin1String("https");
    return url.scheme() + QLatin1String("://") + url.host() + u':' + QString::number(url.port(https ? 443 : 80));
}

QString ManagerPool::routeOf(const QUrl &url, const QString &identity, const QNetworkProxy &proxy)
{
    // The TLS identity matters only to https; the proxy to both.
    QString tls = url.scheme() == QLatin1String("https") ? identity : QString();
    const QString via = ProxyRules::routeKey(proxy);
    if (via.isEmpty())
        return tls;
    return tls + QStringLiteral("\nvia ") + via;
}

QNetworkAccessManager *ManagerPool::newManager(const QNetworkProxy &proxy)
{
    QNetworkAccessManager *manager = m_make ? m_make() : new QNetworkAccessManager;
    // The client follows redirects itself (docs/qt-network-notes.md).
    manager->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    // NoProxy too, said outright: never the application's or the system's.
    manager->setProxy(proxy);
    return manager;
}

QNetworkAccessManager *ManagerPool::sharedManager(int index, const QString &route, const QNetworkProxy &proxy)
{
    auto [found, added] = m_routes.try_emplace(route);
    Route &managers = found->second;
    if (added)
        managers.proxy = proxy;
    while (static_cast<int>(managers.managers.size()) <= index)
        managers.managers.emplace_back(newManager(managers.proxy));
    return managers.managers[index].get();
}

ManagerPool::Lane ManagerPool::laneOf(const Origin &origin, int lane)
{
    if (origin.https)
        return {sharedManager(lane, origin.route, origin.proxy), {}, false};
    // Lane 0 is the manager's ordinary connection; others are tagged. The
    // tag never reaches the wire: plain http has no use for the name.
    return {sharedManager(0, origin.route, origin.proxy),
            lane == 0 ? QString() : QStringLiteral("retryscope-lane-%1").arg(lane), false};
}

int ManagerPool::freeLane(Origin &origin)
{
    for (int i = 0; i < static_cast<int>(origin.inFlight.size()); ++i) {
        if (origin.inFlight[i] < connectionsPerLane)
            return i;
    }
    const int next = static_cast<int>(origin.inFlight.size());
    if (next >= m_maxLanes)
        return -1;
    origin.inFlight.push_back(0);
    return next;
}

void ManagerPool::grant(const QString &originKey, Origin &origin, int lane, Ticket ticket, const Ready &ready)
{
    ++origin.inFlight[lane];
    m_leases.insert(ticket, {originKey, lane});
    ready(laneOf(origin, lane));
}

ManagerPool::Ticket ManagerPool::acquire(const QUrl &url, bool oneShot, Ready ready, const QString &identity,
                                         const QNetworkProxy &proxy)
{
    const Ticket ticket = m_nextTicket++;
    const bool https = url.scheme() == QLatin1String("https");
    const QString route = routeOf(url, identity, proxy);
    if (oneShot) {
        if (https) {
            QNetworkAccessManager *own = newManager(proxy);
            m_oneShots.insert(ticket, own);
            ready({own, {}, true});
        } else {
            m_oneShots.insert(ticket, nullptr);
            ready({sharedManager(0, route, proxy), QStringLiteral("retryscope-once-%1").arg(ticket), true});
        }
        return ticket;
    }
    const QString key = route.isEmpty() ? originOf(url) : originOf(url) + u'\n' + route;
    Origin &origin = m_origins[key];
    origin.https = https;
    origin.route = route;
    origin.proxy = proxy;
    const int lane = origin.waiting.empty() ? freeLane(origin) : -1;
    if (lane < 0) {
        m_leases.insert(ticket, {key, -1});
        origin.waiting.emplace_back(ticket, std::move(ready));
        return ticket;
    }
    grant(key, origin, lane, ticket, ready);
    return ticket;
}

void ManagerPool::release(Ticket ticket)
{
    if (const auto own = m_oneShots.find(ticket); own != m_oneShots.end()) {
        // Later than the reply, which the caller deletes first: the
        // connection closes when the manager's thread ends.
        if (*own)
            (*own)->deleteLater();
        m_oneShots.erase(own);
        return;
    }
    const auto lease = m_leases.find(ticket);
    if (lease == m_leases.end())
        return;
    const QString key = lease->origin;
    const int lane = lease->lane;
    m_leases.erase(lease);
    const auto found = m_origins.find(key);
    if (found == m_origins.end())
        return;
    Origin &origin = *found;
    if (lane < 0) { // gave up waiting
        std::erase_if(origin.waiting, [ticket](const auto &waiter) { return waiter.first == ticket; });
    } else {
        --origin.inFlight[lane];
        if (!origin.waiting.empty()) {
            auto [next, ready] = std::move(origin.waiting.front());
            origin.waiting.pop_front();
            m_leases.remove(next);
            grant(key, origin, lane, next, ready);
            return; // `origin` may be gone: grant() ran the waiter's code
        }
    }
    // The lanes stay numbered as they are while any is busy, so that lower
    // lanes (and their kept-alive connections) keep being preferred.
    if (origin.waiting.empty()
        && std::all_of(origin.inFlight.begin(), origin.inFlight.end(), [](int n) { return n == 0; }))
        m_origins.erase(found);
}

int ManagerPool::managerCount() const
{
    int shared = 0;
    for (const auto &[key, route] : m_routes)
        shared += static_cast<int>(route.managers.size());
    return shared
        + static_cast<int>(std::count_if(m_oneShots.cbegin(), m_oneShots.cend(),
                                         [](const QNetworkAccessManager *own) { return own != nullptr; }));
}

int ManagerPool::laneCount(const QUrl &url) const
{
    const auto found = m_origins.constFind(originOf(url));
    return found == m_origins.cend() ? 0 : static_cast<int>(found->inFlight.size());
}

int ManagerPool::inFlight(const QUrl &url) const
{
    const auto found = m_origins.constFind(originOf(url));
    if (found == m_origins.cend())
        return 0;
    return std::accumulate(found->inFlight.begin(), found->inFlight.end(), 0);
}

int ManagerPool::waiting(const QUrl &url) const
{
    const auto found = m_origins.constFind(originOf(url));
    return found == m_origins.cend() ? 0 : static_cast<int>(found->waiting.size());
}

QList<QNetworkAccessManager *> ManagerPool::managers() const
{
    QList<QNetworkAccessManager *> all;
    for (const auto &[key, route] : m_routes) {
        for (const auto &manager : route.managers)
            all.append(manager.get());
    }
    for (QNetworkAccessManager *own : m_oneShots) {
        if (own)
            all.append(own);
    }
    return all;
}
