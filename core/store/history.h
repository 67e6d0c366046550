// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/breaker/circuitbreaker.h"
#include "core/net/attemptrecord.h"
#include "core/store/persistedstate.h"

#include <QObject>
#include <QSqlDatabase>
#include <QTimer>

#include <chrono>

// Every attempt and transition in SQLite (through Qt SQL), in WAL mode,
// written in batches: records wait at most `batchInterval` in memory, so a
// crash or kill -9 loses at most that much (docs/history.md). Retention by
// age and row count runs in small chunks between batches, never stalling the
// event loop for long.
class History final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(History)

public:
    static constexpr int schemaVersion = 3;
    static constexpr std::chrono::milliseconds batchInterval{200};
    // While writes fail (a full disk), records wait in memory up to this
    // many attempts (about 30 MiB); beyond it the oldest are dropped and
    // counted, so a long outage of the disk cannot exhaust memory.
    static constexpr qsizetype defaultMaxPending = 100'000;

    explicit History(const Clock &clock, QObject *parent = nullptr);
    ~History() override; // writes what is pending

    // Opens (creating and migrating) the database; an error message, or empty.
    [[nodiscard]] QString open(const QString &path);
    [[nodiscard]] QString path() const { return m_path; }
    [[nodiscard]] bool isOpen() const { return database().isOpen(); }
    [[nodiscard]] QSqlDatabase database() const;

    void add(const AttemptRecord &record);
    void add(const BreakerTransition &transition);
    void setNotBefore(const QString &endpoint, const QDateTime &notBeforeUtc);
    // Writes everything pending now; an error message, or empty.
    QString flush();

    [[nodiscard]] PersistedState loadState() const;

    // Retention: attempts and transitions older than `maxAge`, and the oldest
    // attempts beyond `maxAttempts`. Applied in chunks from a timer.
    void setRetention(std::chrono::hours maxAge, qint64 maxAttempts);
    // Runs retention to completion now (tests, shutdown); rows removed.
    qint64 applyRetention(const QDateTime &nowUtc);

    [[nodiscard]] qint64 attemptCount() const;
    [[nodiscard]] qint64 transitionCount() const;

    void setMaxPending(qsizetype attempts) { m_maxPending = std::max<qsizetype>(1, attempts); }
    [[nodiscard]] qsizetype pendingAttempts() const { return m_pendingAttempts.size(); }
    // Attempts dropped since the last successful write.
    [[nodiscard]] qint64 droppedAttempts() const { return m_dropped; }

signals:
    // A write failed (disk full, ...); the records stay pending and are
    // tried again with the next batch.
    void writeFailed(const QString &error);
    // Writing works again after writeFailed(); `dropped` attempts were lost
    // to the pending cap meanwhile.
    void writeRecovered(qint64 dropped);

private:
    QString migrate();
    QString writeAttempts();
    void retentionStep();
    qint64 removeExpired(const QDateTime &nowUtc, int maxChunks);

    const Clock &m_clock;
    QString m_connection;
    QString m_path;
    QList<AttemptRecord> m_pendingAttempts;
    QList<BreakerTransition> m_pendingTransitions;
    QHash<QString, QDateTime> m_pendingNotBefore;
    QTimer m_batch;
    QTimer m_retention;
    std::chrono::hours m_maxAge{24 * 7};
    qint64 m_maxAttempts = 5'000'000;
    QString m_lastError;
    qsizetype m_maxPending = defaultMaxPending;
    qint64 m_dropped = 0;
};
