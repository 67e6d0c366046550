// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/net/managerpool.h"

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

QString ManagerPool::originOf(const QUrl &url, const QString &identity)
{
    return identity.isEmpty() ? originOf(url) : originOf(url) + u'\n' + identity;
}

QNetworkAccessManager *ManagerPool::newManager()
{
    QNetworkAccessManager *manager = m_make ? m_make() : new QNetworkAccessManager;
    // The client follows redirects itself (docs/qt-network-notes.md).
    manager->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    return manager;
}

QNetworkAccessManager *ManagerPool::sharedManager(int index, const QString &identity)
{
    auto &managers = identity.isEmpty() ? m_managers : m_identityManagers[identity];
    while (static_cast<int>(managers.size()) <= index)
        managers.emplace_back(newManager());
    return managers[index].get();
}

ManagerPool::Lane ManagerPool::laneOf(const Origin &origin, int lane)
{
    if (origin.https)
        return {sharedManager(lane, origin.identity), {}, false};
    // Lane 0 is the manager's ordinary connection; others are tagged. The
    // tag never reaches the wire: plain http has no use for the name.
    return {sharedManager(0), lane == 0 ? QString() : QStringLiteral("retryscope-lane-%1").arg(lane), false};
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

ManagerPool::Ticket ManagerPool::acquire(const QUrl &url, bool oneShot, Ready ready, const QString &identity)
{
    const Ticket ticket = m_nextTicket++;
    if (oneShot) {
        if (url.scheme() == QLatin1String("https")) {
            QNetworkAccessManager *own = newManager();
            m_oneShots.insert(ticket, own);
            ready({own, {}, true});
        } else {
            m_oneShots.insert(ticket, nullptr);
            ready({sharedManager(0), QStringLiteral("retryscope-once-%1").arg(ticket), true});
        }
        return ticket;
    }
    const bool https = url.scheme() == QLatin1String("https");
    const QString key = originOf(url, https ? identity : QString());
    Origin &origin = m_origins[key];
    origin.https = https;
    origin.identity = https ? identity : QString();
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
    int identities = 0;
    for (const auto &[identity, managers] : m_identityManagers)
        identities += static_cast<int>(managers.size());
    return static_cast<int>(m_managers.size()) + identities
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
    for (const auto &manager : m_managers)
        all.append(manager.get());
    for (const auto &[identity, managers] : m_identityManagers) {
        for (const auto &manager : managers)
            all.append(manager.get());
    }
    for (QNetworkAccessManager *own : m_oneShots) {
        if (own)
            all.append(own);
    }
    return all;
}
