// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/monitor/monitor.h"

#include "core/config/endpointjson.h"

#include <QFileInfo>

Monitor::Monitor(const Clock &clock, RandomSource &random, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
    , m_client(m_pool, clock, random)
    , m_scheduler(m_client, clock)
    , m_connectivity(clock)
{
    connect(&m_scheduler, &Scheduler::wokeLate, this, &Monitor::wokeLate);
    connect(&m_connectivity, &ConnectivityCheck::changed, this, [this](bool online, const QString &reason) {
        m_client.holdBreakers(!online);
        m_scheduler.setOnline(online, reason); // offline: the running cycles end `cancelled`, saying why
        emit connectivityChanged(online, reason);
    });
    m_scheduler.setCoalescing(std::chrono::milliseconds(5));
    connect(&m_client, &RetryingClient::attemptRecorded, this, &Monitor::attemptRecorded);
    connect(&m_client, &RetryingClient::transitioned, this, &Monitor::transitioned);
    connect(&m_client, &RetryingClient::cycleFinished, this, [this](const CycleResult &result) {
        if (result.notBefore) {
            const auto ahead = std::chrono::duration_cast<std::chrono::milliseconds>(*result.notBefore - m_clock.now());
            emit notBeforeSet(result.endpoint, m_clock.utcNow().addMSecs(ahead.count()));
        }
    });
    // Editors save in bursts (truncate, write, rename): read once it settles.
    m_reloadDelay.setSingleShot(true);
    m_reloadDelay.setInterval(200);
    connect(&m_reloadDelay, &QTimer::timeout, this, &Monitor::reload);
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, &m_reloadDelay, qOverload<>(&QTimer::start));
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, &m_reloadDelay, qOverload<>(&QTimer::start));
}

Monitor::~Monitor()
{
    // Listeners may already be gone: a destructor reports nothing. Call
    // stop() first to have cancelled cycles reported.
    QObject::disconnect(this, nullptr, nullptr, nullptr);
    stop();
}

void Monitor::setEndpoints(const QList<Endpoint> &endpoints)
{
    EndpointsDocument document;
    document.connectivity = m_document.connectivity; // endpoints only: the check stays
    for (const Endpoint &endpoint : endpoints)
        document.endpointObjects.append(endpointToJson(endpoint));
    document.endpoints = endpoints;
    setDocument(document);
}

void Monitor::setDocument(const EndpointsDocument &document)
{
    const bool changed = document.endpoints != m_document.endpoints;
    m_document = document;
    m_scheduler.setEndpoints(document.endpoints);
    m_connectivity.setSettings(document.connectivity, m_environment);
    if (changed)
        emit endpointsChanged();
}

void Monitor::restore(const PersistedState &state, const QList<Endpoint> &endpoints)
{
    const QDateTime now = m_clock.utcNow();
    for (const Endpoint &endpoint : endpoints) {
        const auto breaker = state.breakers.constFind(endpoint.breakerName());
        if (breaker != state.breakers.constEnd() && endpoint.breaker.enabled) {
            const auto remaining = std::chrono::milliseconds(now.msecsTo(breaker->openUntilUtc));
            m_client.breaker(endpoint).restore(breaker->state, remaining, breaker->openDuration);
        }
        const QDateTime notBefore = state.notBeforeUtc.value(endpoint.name);
        if (notBefore.isValid() && notBefore > now)
            m_scheduler.deferUntil(endpoint.name, m_clock.now() + std::chrono::milliseconds(now.msecsTo(notBefore)));
    }
}

void Monitor::watch(const QString &path, const QProcessEnvironment &environment)
{
    if (!m_watcher.files().isEmpty())
        m_watcher.removePaths(m_watcher.files());
    if (!m_watcher.directories().isEmpty())
        m_watcher.removePaths(m_watcher.directories());
    m_path = QFileInfo(path).absoluteFilePath();
    m_environment = environment;
    // The folder too: a save by rename replaces the file, and the watch on
    // the old one ends with it.
    m_watcher.addPath(m_path);
    m_watcher.addPath(QFileInfo(m_path).absolutePath());
}

void Monitor::reload()
{
    if (!m_watcher.files().contains(m_path) && QFileInfo::exists(m_path))
        m_watcher.addPath(m_path);
    const EndpointsLoadResult loaded = EndpointsFile::load(m_path, m_environment);
    if (!loaded.ok()) {
        emit configRejected(loaded.error);
        return;
    }
    if (loaded.document.endpoints == m_document.endpoints) {
        m_document = loaded.document; // the same endpoints, perhaps spelt differently
        m_connectivity.setSettings(m_document.connectivity, m_environment);
        return; // or the folder changed, not this file
    }
    setDocument(loaded.document);
    emit configReloaded(m_path, static_cast<int>(m_document.endpoints.size()));
}

void Monitor::stop()
{
    m_client.cancelAll(QStringLiteral("Retryscope stopped")); // before pausing, which would say "paused"
    m_scheduler.pauseAll();
}
