// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/net/managerpool.h"

#include <QNetworkAccessManager>

#include <algorithm>
#include <numeric>

ManagerPool::ManagerPool(int maxManagers, QObject *parent)
    : QObject(parent)
    , m_maxManagers(std::max(1, maxManagers))
{ }

ManagerPool::~ManagerPool()
{
    qDeleteAll(m_oneShots);
}

QString ManagerPool::originOf(const QUrl &url)
{
    const bool https = url.scheme() == QLatin1String("https");
    return url.scheme() + QLatin1String("://") + url.host() + u':' + QString::number(url.port(https ? 443 : 80));
}

QNetworkAccessManager *ManagerPool::newManager()
{
    QNetworkAccessManager *manager = m_make ? m_make() : new QNetworkAccessManager;
    // The client follows redirects itself (docs/qt-network-notes.md).
    manager->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    return manager;
}

int ManagerPool::freeManager(Origin &origin)
{
    for (int i = 0; i < static_cast<int>(origin.inFlight.size()); ++i) {
        if (origin.inFlight[i] < connectionsPerManager)
            return i;
    }
    const int next = static_cast<int>(origin.inFlight.size());
    if (next >= m_maxManagers)
        return -1;
    if (next >= managerCount())
        m_managers.emplace_back(newManager());
    origin.inFlight.push_back(0);
    return next;
}

void ManagerPool::grant(const QString &originKey, Origin &origin, int manager, Ticket ticket, const Ready &ready)
{
    ++origin.inFlight[manager];
    m_leases.insert(ticket, {originKey, manager});
    ready(*m_managers[manager]);
}

ManagerPool::Ticket ManagerPool::acquire(const QUrl &url, bool oneShot, Ready ready)
{
    const Ticket ticket = m_nextTicket++;
    if (oneShot) {
        QNetworkAccessManager *own = newManager();
        m_oneShots.insert(ticket, own);
        ready(*own);
        return ticket;
    }
    const QString key = originOf(url);
    Origin &origin = m_origins[key];
    const int manager = origin.waiting.empty() ? freeManager(origin) : -1;
    if (manager < 0) {
        m_leases.insert(ticket, {key, -1});
        origin.waiting.emplace_back(ticket, std::move(ready));
        return ticket;
    }
    grant(key, origin, manager, ticket, ready);
    return ticket;
}

void ManagerPool::release(Ticket ticket)
{
    if (QNetworkAccessManager *own = m_oneShots.take(ticket)) {
        // Later than the reply, which the caller deletes first: its
        // connection closes when the manager's thread ends.
        own->deleteLater();
        return;
    }
    const auto lease = m_leases.find(ticket);
    if (lease == m_leases.end())
        return;
    const QString key = lease->origin;
    const int manager = lease->manager;
    m_leases.erase(lease);
    const auto found = m_origins.find(key);
    if (found == m_origins.end())
        return;
    Origin &origin = *found;
    if (manager < 0) { // gave up waiting
        std::erase_if(origin.waiting, [ticket](const auto &waiter) { return waiter.first == ticket; });
    } else {
        --origin.inFlight[manager];
        if (!origin.waiting.empty()) {
            auto [next, ready] = std::move(origin.waiting.front());
            origin.waiting.pop_front();
            m_leases.remove(next);
            grant(key, origin, manager, next, ready);
            return; // `origin` may be gone: grant() ran the waiter's code
        }
    }
    if (origin.waiting.empty()
        && std::all_of(origin.inFlight.begin(), origin.inFlight.end(), [](int n) { return n == 0; }))
        m_origins.erase(found);
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
    for (QNetworkAccessManager *own : m_oneShots)
        all.append(own);
    return all;
}
