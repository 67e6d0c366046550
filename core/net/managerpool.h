// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QNetworkProxy>
#include <QObject>
#include <QUrl>

#include <algorithm>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <vector>

class QNetworkAccessManager;

// Hands each request a lane on which it gets a connection at once, so that
// endpoints sharing a host never share a queue (docs/qt-network-notes.md).
//
// Qt 6.4 gives one manager at most six HTTP/1.1 connections per origin and
// queues the seventh request inside itself, where nobody can see or time the
// wait (the per-host setting, QHttp1Configuration, arrived in 6.5). A lane is
// six more connections to one origin:
//
// - for http, a tag on the one shared manager. Qt keys its connections to a
//   host by origin *and* the request's peer verify name, which plain http
//   never uses otherwise, so a tag gives six connections of their own in the
//   same HTTP thread: no thread per lane;
// - for https, where that name is checked against the certificate, another
//   manager (and so another HTTP thread).
//
// A request gets the first lane with fewer than six requests in flight to
// its origin, a new lane when all are full; lower lanes are preferred, so
// kept-alive connections are reused by later requests of any endpoint. Only
// when `maxLanes` lanes are full does a request wait, here, in order, and the
// caller measures the wait.
//
// Requests through a proxy get lanes and managers of their own per proxy
// (Qt sets the proxy per manager), http and https alike; every other
// manager is told to use no proxy, so nothing set for the whole process
// decides for an endpoint.
//
// A one-shot lane is a connection nothing else has used or will use: a tag
// of its own whose connection is closed once the request is done (http), or
// a manager created for the request and deleted after it (https). That is
// how a non-idempotent request never goes out on a kept-alive connection the
// server may already have closed.
class ManagerPool final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ManagerPool)

public:
    static constexpr int connectionsPerLane = 6; // Qt 6.4's HTTP/1.1 channels per origin
    static constexpr int defaultMaxLanes = 64; // 384 requests in flight per origin

    struct Lane
    {
        QNetworkAccessManager *manager = nullptr;
        QString tag; // QNetworkRequest::setPeerVerifyName(); empty: none
        bool oneShot = false; // close the connection once the request is done
    };
    using Ticket = quint64;
    using Ready = std::function<void(const Lane &)>;

    explicit ManagerPool(int maxLanes = defaultMaxLanes, QObject *parent = nullptr);
    ~ManagerPool() override;

    // At most this many lanes per origin (at least 1); set before use. One
    // is what a single shared manager gave: six connections per origin.
    void setMaxLanes(int maxLanes) { m_maxLanes = std::max(1, maxLanes); }
    // How managers are made (a plain QNetworkAccessManager by default); a
    // test or the fuzzer may route requests elsewhere. Set before use.
    void setManagerFactory(std::function<QNetworkAccessManager *()> make) { m_make = std::move(make); }

    // Asks for a lane for one request to `url`. `ready` is called with it
    // before this returns when a connection is free, else as soon as one is
    // (in the order asked, per origin). Every ticket is given back with
    // release(), whether `ready` was called or not.
    //
    // `identity` separates https connections that must not be shared: those
    // made with other trusted CAs or another client certificate (Qt keys
    // its connection cache by origin, proxy and verified name only). Each
    // identity has https managers of its own; empty is the default's.
    // `proxy` is the proxy the request goes through.
    Ticket acquire(const QUrl &url, bool oneShot, Ready ready, const QString &identity = {},
                   const QNetworkProxy &proxy = QNetworkProxy(QNetworkProxy::NoProxy));
    // The request ended (or its wait was given up): its connection is free.
    void release(Ticket ticket);

    // Managers alive now (each runs an HTTP thread), one-shot ones included.
    [[nodiscard]] int managerCount() const;
    // One-shot leases not yet released.
    [[nodiscard]] int oneShotCount() const { return static_cast<int>(m_oneShots.size()); }
    // Lanes opened so far to this URL's origin.
    [[nodiscard]] int laneCount(const QUrl &url) const;
    // Requests handed a connection / waiting for one, for this URL's origin.
    [[nodiscard]] int inFlight(const QUrl &url) const;
    [[nodiscard]] int waiting(const QUrl &url) const;
    // Every manager alive now, for tests that look for leftover replies.
    [[nodiscard]] QList<QNetworkAccessManager *> managers() const;

    // The origin a request counts against: scheme, host and port.
    [[nodiscard]] static QString originOf(const QUrl &url);

private:
    // The managers of one TLS identity and proxy: a manager per https lane,
    // or the one manager whose tags are the http lanes.
    struct Route
    {
        QNetworkProxy proxy{QNetworkProxy::NoProxy};
        std::vector<std::unique_ptr<QNetworkAccessManager>> managers;
    };
    struct Origin
    {
        QString route; // the key of m_routes
        QNetworkProxy proxy{QNetworkProxy::NoProxy};
        bool https = false;
        std::vector<int> inFlight; // per lane
        std::deque<std::pair<Ticket, Ready>> waiting;
    };
    struct Lease
    {
        QString origin;
        int lane = -1; // -1 while waiting
    };

    [[nodiscard]] static QString routeOf(const QUrl &url, const QString &identity, const QNetworkProxy &proxy);
    QNetworkAccessManager *newManager(const QNetworkProxy &proxy);
    QNetworkAccessManager *sharedManager(int index, const QString &route, const QNetworkProxy &proxy);
    [[nodiscard]] Lane laneOf(const Origin &origin, int lane);
    int freeLane(Origin &origin);
    void grant(const QString &originKey, Origin &origin, int lane, Ticket ticket, const Ready &ready);

    int m_maxLanes;
    std::function<QNetworkAccessManager *()> m_make;
    // Per route ("" is the default: no proxy, the default TLS identity),
    // manager 0 carries every http lane and manager k also https lane k.
    std::map<QString, Route> m_routes;
    QHash<Ticket, QNetworkAccessManager *> m_oneShots; // null: an http one-shot tag
    QHash<QString, Origin> m_origins;
    QHash<Ticket, Lease> m_leases;
    Ticket m_nextTicket = 1;
};
