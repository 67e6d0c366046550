// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/lab/recording.h"

#include "core/store/attemptlogreader.h"
#include "core/store/historyqueries.h"
#include "core/util/messagetext.h"

#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimeZone>
#include <QUuid>

namespace Lab {

namespace {

constexpr int pageSize = 10000;

bool wanted(const AttemptRecord &record, const RecordingFilter &filter)
{
    return (filter.endpoints.isEmpty() || filter.endpoints.contains(record.endpoint))
        && (!filter.fromUtc.isValid() || record.timeUtc >= filter.fromUtc)
        && (!filter.toUtc.isValid() || record.timeUtc < filter.toUtc);
}

Recording fromHistory(const QString &path, const RecordingFilter &filter)
{
    Recording recording;
    const QString connection = QStringLiteral("retryscope-lab-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=2000"));
        if (!db.open()) {
            recording.error = QStringLiteral("%1: cannot read the history: %2").arg(path, db.lastError().text());
        } else if (!db.tables().contains(QStringLiteral("attempts"))) {
            recording.error = QStringLiteral("%1: not a Retryscope history (no attempts table)").arg(path);
        } else {
            HistoryRange range;
            range.fromUtc
                = filter.fromUtc.isValid() ? filter.fromUtc : QDateTime::fromMSecsSinceEpoch(0, QTimeZone::utc());
            range.toUtc = filter.toUtc.isValid()
                ? filter.toUtc
                : QDateTime::fromMSecsSinceEpoch(std::numeric_limits<qint64>::max() / 2, QTimeZone::utc());
            range.endpoints = filter.endpoints;
            qint64 after = 0;
            for (;;) {
                AttemptPage page = HistoryQueries::attempts(db, range, after, pageSize);
                for (AttemptRecord &record : page.records)
                    recording.byEndpoint[record.endpoint].append(std::move(record));
                if (page.records.size() < pageSize)
                    break;
                after = page.lastId;
            }
        }
    }
    QSqlDatabase::removeDatabase(connection);
    return recording;
}

Recording fromCsv(const QByteArray &bytes, const QString &path, const RecordingFilter &filter)
{
    Recording recording;
    AttemptLogRead read = readAttemptLog(bytes);
    if (!read.ok()) {
        recording.error = MessageText::oneLine(QStringLiteral("%1: %2").arg(path, read.error));
        return recording;
    }
    for (AttemptRecord &record : read.records) {
        if (wanted(record, filter))
            recording.byEndpoint[record.endpoint].append(std::move(record));
    }
    return recording;
}

} // namespace

Recording readRecording(const QString &path, const RecordingFilter &filter)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        Recording recording;
        recording.error = MessageText::oneLine(QStringLiteral("%1: cannot read: %2").arg(path, file.errorString()));
        return recording;
    }
    static const QByteArray sqliteMagic("SQLite format 3", 16); // with its NUL
    if (file.peek(sqliteMagic.size()) == sqliteMagic) {
        file.close();
        return fromHistory(path, filter);
    }
    return fromCsv(file.readAll(), path, filter);
}

} // namespace Lab
