// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/net/attemptrecord.h"

#include <QMap>
#include <QStringList>

#include <functional>

class QSqlDatabase; // only by reference: no QtSql for whoever includes this

// A time range [from, to) and a set of endpoints (empty: all).
struct HistoryRange
{
    QDateTime fromUtc;
    QDateTime toUtc;
    QStringList endpoints;
};

struct AttemptPage
{
    QList<AttemptRecord> records;
    qint64 lastId = 0; // pass as `afterId` for the next page
};

// Per-endpoint figures over a window (the dashboard's table).
struct EndpointAggregate
{
    QString endpoint;
    qint64 attempts = 0;
    qint64 cycles = 0; // cycles that ended in the window
    qint64 successfulCycles = 0;
    qint64 firstTrySuccesses = 0;
    qint64 failedCycles = 0;
    qint64 rejectedCycles = 0;
    qint64 retries = 0; // attempts followed by another
    std::optional<qint64> latencyP50;
    std::optional<qint64> latencyP95;
    QMap<QString, qint64> categories; // category name -> attempts

    [[nodiscard]] double successRate() const { return cycles ? double(successfulCycles) / cycles : 0.0; }
    [[nodiscard]] double firstTrySuccessRate() const { return cycles ? double(firstTrySuccesses) / cycles : 0.0; }
    [[nodiscard]] double retriesPerCycle() const { return cycles ? double(retries) / cycles : 0.0; }
};

namespace HistoryQueries {

// Attempts in the range, oldest first, `limit` at a time (keyset paging by id).
[[nodiscard]] AttemptPage attempts(const QSqlDatabase &db, const HistoryRange &range, qint64 afterId, int limit);

// One aggregate per endpoint with attempts in the range, by name.
[[nodiscard]] QList<EndpointAggregate> aggregates(const QSqlDatabase &db, const HistoryRange &range);

// Called every few thousand rows; returning false cancels the export.
using Progress = std::function<bool(qint64 done, qint64 total)>;

// Streams the range into an attempts CSV (docs/attempt-log.md) or a transitions CSV,
// in constant memory, written atomically: a failed or cancelled export leaves
// no file behind (and an existing one untouched). An error message
// ("export cancelled" when the progress callback said so), or empty.
[[nodiscard]] QString exportAttempts(const QSqlDatabase &db, const HistoryRange &range, const QString &path,
                                     const Progress &progress = {});
[[nodiscard]] QString exportTransitions(const QSqlDatabase &db, const HistoryRange &range, const QString &path,
                                        const Progress &progress = {});

} // namespace HistoryQueries
