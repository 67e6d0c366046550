// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/config/endpointsfile.h"
#include "core/monitor/connectivitycheck.h"
#include "core/monitor/scheduler.h"
#include "core/net/managerpool.h"
#include "core/net/retryingclient.h"
#include "core/store/persistedstate.h"

#include <QFileSystemWatcher>
#include <QObject>
#include <QTimer>

// The monitor: the retrying client, the scheduler that drives it, and the
// endpoints file it follows. Headless mode and the GUI both run one; sinks
// (console, CSV, history, models) listen to its signals.
class Monitor final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Monitor)

public:
    Monitor(const Clock &clock, RandomSource &random, QObject *parent = nullptr);
    ~Monitor() override;

    [[nodiscard]] RetryingClient &client() { return m_client; }
    [[nodiscard]] ManagerPool &managers() { return m_pool; }
    [[nodiscard]] Scheduler &scheduler() { return m_scheduler; }
    // Whether this machine is online, by the document's `connectivity` check.
    [[nodiscard]] const ConnectivityCheck &connectivity() const { return m_connectivity; }
    [[nodiscard]] const QList<Endpoint> &endpoints() const { return m_document.endpoints; }
    // The endpoints as their file spells them (for editing and saving).
    [[nodiscard]] const EndpointsDocument &document() const { return m_document; }

    // Starts polling these endpoints (or applies a change to the set).
    void setEndpoints(const QList<Endpoint> &endpoints);
    void setDocument(const EndpointsDocument &document);

    // Before the first setEndpoints() after a restart: puts back breaker
    // states and Retry-After moments kept in the history, so that a restart
    // does not hammer a service that asked to be left alone.
    void restore(const PersistedState &state, const QList<Endpoint> &endpoints);

    // Follows a file (instead of the one followed before): valid edits made
    // outside the app are applied live, invalid ones reported while the
    // running set stays as it was.
    void watch(const QString &path, const QProcessEnvironment &environment);
    [[nodiscard]] QString watchedPath() const { return m_path; }

    // Stops polling and cancels what runs (reported as `cancelled`). The
    // destructor stops too, but silently.
    void stop();

signals:
    void attemptRecorded(const AttemptRecord &record);
    void transitioned(const BreakerTransition &transition);
    void configReloaded(const QString &path, int endpoints);
    // A response asked the endpoint's next cycle to wait until then.
    void notBeforeSet(const QString &endpoint, const QDateTime &notBeforeUtc);
    void configRejected(const QString &error);
    // The set of endpoints or any of their settings changed (set, edited,
    // reloaded); endpoints() holds the new ones. Not emitted for a document
    // that only spells the same endpoints differently.
    void endpointsChanged();
    // The connectivity check passed again, or failed (`reason` says how):
    // offline, no cycle starts, running ones are cancelled and no breaker
    // moves; back online, the endpoints start again spread as at start.
    void connectivityChanged(bool online, const QString &reason);
    // The process did not run for `late` (a suspend or a stop); the
    // `overdue` endpoints start spread as at start (Scheduler::wokeLate).
    void wokeLate(std::chrono::milliseconds late, int overdue);

private:
    void reload();

    const Clock &m_clock;
    ManagerPool m_pool; // before the client, which uses it
    RetryingClient m_client;
    Scheduler m_scheduler;
    EndpointsDocument m_document;
    QFileSystemWatcher m_watcher;
    QTimer m_reloadDelay;
    QString m_path;
    QProcessEnvironment m_environment = QProcessEnvironment::systemEnvironment();
    ConnectivityCheck m_connectivity;
};
