// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QObject>
#include <QUrl>

#include <algorithm>
#include <deque>
#include <functional>
#include <memory>
#include <vector>

class QNetworkAccessManager;

// Hands each request a QNetworkAccessManager on which it gets a connection
// at once, so that endpoints sharing a host never share a queue (see
// docs/qt-network-notes.md).
//
// Qt 6.4 gives one manager at most six HTTP/1.1 connections per origin and
// queues the seventh request inside the manager, where nobody can see or time
// the wait (the per-host setting, QHttp1Configuration, arrived in 6.5). So the
// pool keeps managers in a row and gives a request the first manager that has
// fewer than six requests in flight to that origin, adding a manager when all
// are full. Lower managers are preferred, so kept-alive connections are
// reused by later requests. Only when `maxManagers` are all full for an origin
// does a request wait, here, in order, and the wait is measured by the caller.
//
// A one-shot lease is a manager of its own, created for one request and
// deleted after it: its connection is new and nothing else rides it. That is
// how a non-idempotent request never goes out on a kept-alive connection the
// server may already have closed.
class ManagerPool final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ManagerPool)

public:
    static constexpr int connectionsPerManager = 6; // Qt 6.4's HTTP/1.1 channels per origin
    static constexpr int defaultMaxManagers = 64; // 384 requests in flight per origin

    using Ticket = quint64;
    using Ready = std::function<void(QNetworkAccessManager &)>;

    explicit ManagerPool(int maxManagers = defaultMaxManagers, QObject *parent = nullptr);
    ~ManagerPool() override;

    // At most this many shared managers (at least 1); set before use. One
    // is what a single shared manager gave: six connections per origin.
    void setMaxManagers(int maxManagers) { m_maxManagers = std::max(1, maxManagers); }

    // How managers are made (a plain QNetworkAccessManager by default); a
    // test or the fuzzer may route requests elsewhere. Set before use.
    void setManagerFactory(std::function<QNetworkAccessManager *()> make) { m_make = std::move(make); }

    // Asks for a manager for one request to `url`. `ready` is called with it
    // before this returns when a connection is free, else as soon as one is
    // (in the order asked, per origin). Every ticket is given back with
    // release(), whether `ready` was called or not.
    Ticket acquire(const QUrl &url, bool oneShot, Ready ready);
    // The request ended (or its wait was given up): its connection is free.
    void release(Ticket ticket);

    // Shared managers created so far (one-shot ones not counted).
    [[nodiscard]] int managerCount() const { return static_cast<int>(m_managers.size()); }
    // One-shot managers alive now.
    [[nodiscard]] int oneShotCount() const { return static_cast<int>(m_oneShots.size()); }
    // Requests handed a connection / waiting for one, for this URL's origin.
    [[nodiscard]] int inFlight(const QUrl &url) const;
    [[nodiscard]] int waiting(const QUrl &url) const;
    // Every manager alive now, for tests that look for leftover replies.
    [[nodiscard]] QList<QNetworkAccessManager *> managers() const;

    // The origin a request counts against: scheme, host and port.
    [[nodiscard]] static QString originOf(const QUrl &url);

private:
    struct Origin
    {
        std::vector<int> inFlight; // per shared manager
        std::deque<std::pair<Ticket, Ready>> waiting;
    };
    struct Lease
    {
        QString origin;
        int manager = -1; // index into m_managers, or -1 while waiting / one-shot
    };

    QNetworkAccessManager *newManager();
    int freeManager(Origin &origin);
    void grant(const QString &originKey, Origin &origin, int manager, Ticket ticket, const Ready &ready);

    int m_maxManagers;
    std::function<QNetworkAccessManager *()> m_make;
    std::vector<std::unique_ptr<QNetworkAccessManager>> m_managers;
    QHash<Ticket, QNetworkAccessManager *> m_oneShots;
    QHash<QString, Origin> m_origins;
    QHash<Ticket, Lease> m_leases;
    Ticket m_nextTicket = 1;
};
