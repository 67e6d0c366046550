// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/history.h"

#include "core/store/attemptcolumns.h"
#include "core/store/sqlitestatement.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimeZone>
#include <QUuid>
#include <QVariant>

#include <limits>

namespace {

using std::chrono::milliseconds;

constexpr int retentionChunk = 5000;

// A null QString binds as SQL NULL; the text columns hold "" instead.
QString text(const QString &value)
{
    return value.isNull() ? QStringLiteral("") : value;
}

QString sqlError(const QString &what, const QSqlError &error)
{
    return QStringLiteral("history: %1: %2").arg(what, error.text());
}

// Each step moves the schema one version on; the database's user_version says
// where it stands. Version 1 is the table as first shipped; each later version
// adds the attempt columns that name it (attemptcolumns.cpp). A future version
// appends a step, never edits one.
static_assert(History::schemaVersion == AttemptColumns::schemaVersion);

QStringList migrationStep(int to)
{
    if (to == 1) {
        return {
            QStringLiteral("CREATE TABLE attempts ("
                           " id INTEGER PRIMARY KEY, time_ms INTEGER NOT NULL, endpoint TEXT NOT NULL,"
                           " method TEXT NOT NULL, url TEXT NOT NULL, cycle INTEGER NOT NULL, attempt INTEGER NOT NULL,"
                           " outcome TEXT NOT NULL, category TEXT NOT NULL, http_status INTEGER, retriable INTEGER,"
                           " reason TEXT, latency_ms INTEGER, delay_ms INTEGER, retry_after_ms INTEGER,"
                           " breaker_state TEXT NOT NULL, error TEXT NOT NULL, transmissions INTEGER NOT NULL,"
                           " redirects INTEGER NOT NULL, body_bytes INTEGER NOT NULL, breaker TEXT NOT NULL,"
                           " connecting_ms INTEGER, encrypted_ms INTEGER, request_sent_ms INTEGER,"
                           " first_byte_ms INTEGER)"),
            // One index, on time: every query is bounded by a window. A second
            // one on (endpoint, time) halved the insert rate (bench/README.md)
            // and only helps a few endpoints over a long window.
            QStringLiteral("CREATE INDEX attempts_by_time ON attempts(time_ms)"),
            QStringLiteral("CREATE TABLE transitions (id INTEGER PRIMARY KEY, time_ms INTEGER NOT NULL,"
                           " breaker TEXT NOT NULL, from_state TEXT NOT NULL, to_state TEXT NOT NULL,"
                           " reason TEXT NOT NULL, open_until_ms INTEGER)"),
            QStringLiteral("CREATE INDEX transitions_by_time ON transitions(time_ms)"),
            QStringLiteral("CREATE TABLE breaker_state (breaker TEXT PRIMARY KEY, state TEXT NOT NULL,"
                           " open_until_ms INTEGER, open_duration_ms INTEGER)"),
            QStringLiteral("CREATE TABLE endpoint_state (endpoint TEXT PRIMARY KEY, not_before_ms INTEGER)"),
        };
    }
    // 2: queue_ms, the wait for a connection before the request left.
    QStringList statements;
    for (const AttemptColumns::Column &c : AttemptColumns::all()) {
        if (c.schema == to)
            statements.append(QStringLiteral("ALTER TABLE attempts ADD COLUMN %1 %2").arg(c.sql, sqlType(c)));
    }
    return statements;
}

// The insert of one attempt, every stored column bound by position.
QByteArray insertStatement()
{
    const QString columns = AttemptColumns::sqlColumnList();
    const qsizetype count = columns.count(u',') + 1;
    QStringList marks(count, QStringLiteral("?"));
    return QStringLiteral("INSERT INTO attempts (%1) VALUES (%2)")
        .arg(columns, marks.join(QLatin1String(", ")))
        .toUtf8();
}

void bindCell(SqliteStatement &statement, int index, const AttemptColumns::Cell &cell)
{
    if (const qint64 *number = std::get_if<qint64>(&cell))
        statement.bind(index, *number);
    else if (const QLatin1String *name = std::get_if<QLatin1String>(&cell))
        statement.bindStatic(index, *name);
    else if (const QString *text = std::get_if<QString>(&cell))
        statement.bind(index, *text); // shares the record's text, which outlives the step
    else if (const QByteArrayView *bytes = std::get_if<QByteArrayView>(&cell))
        statement.bind(index, *bytes);
    else
        statement.bindNull(index);
}

} // namespace

History::History(const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
    , m_connection(QStringLiteral("history-") + QUuid::createUuid().toString(QUuid::WithoutBraces))
{
    m_batch.setSingleShot(true);
    m_batch.setInterval(batchInterval);
    connect(&m_batch, &QTimer::timeout, this, [this] {
        const QString error = flush();
        if (!error.isEmpty() && error != m_lastError)
            emit writeFailed(error);
        if (error.isEmpty() && !m_lastError.isEmpty()) {
            emit writeRecovered(m_dropped);
            m_dropped = 0;
        }
        m_lastError = error;
        if (!error.isEmpty())
            m_batch.start(); // keep the records and try again
    });
    m_retention.setInterval(std::chrono::seconds(5));
    connect(&m_retention, &QTimer::timeout, this, &History::retentionStep);
}

History::~History()
{
    if (QSqlDatabase::contains(m_connection)) {
        flush();
        {
            QSqlDatabase db = QSqlDatabase::database(m_connection, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_connection);
    }
}

QSqlDatabase History::database() const
{
    return QSqlDatabase::database(m_connection, false);
}

QString History::open(const QString &path)
{
    m_path = path;
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return QStringLiteral("history: cannot create folder %1").arg(QFileInfo(path).absolutePath());
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    if (!db.isValid())
        return QStringLiteral("history: the Qt SQLite driver is missing (Debian: libqt6sql6-sqlite)");
    db.setDatabaseName(path);
    if (!db.open())
        return sqlError(QStringLiteral("cannot open %1").arg(path), db.lastError());
    QSqlQuery query(db);
    // WAL: readers never block the writer, and a commit survives a crash of
    // the process. synchronous=NORMAL: only a power loss can undo the last
    // commits, not a kill -9. cache_size: the writer appends at the end of
    // the table and of its time index, so a few pages are all it touches;
    // SQLite's default 2 MiB cache only filled with pages it never needed
    // again, and was most of the agent's heap (bench/README.md, peers.py).
    // Readers (charts, export) have connections of their own.
    for (const char *pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA busy_timeout=2000",
                               "PRAGMA cache_size=-256"}) {
        if (!query.exec(QString::fromLatin1(pragma)))
            return sqlError(QString::fromLatin1(pragma), query.lastError());
    }
    if (QString error = migrate(); !error.isEmpty())
        return error;
    m_retention.start();
    return {};
}

QString History::migrate()
{
    QSqlDatabase db = database();
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("PRAGMA user_version")) || !query.next())
        return sqlError(QStringLiteral("reading the schema version"), query.lastError());
    const int version = query.value(0).toInt();
    if (version > schemaVersion)
        return QStringLiteral("history: %1 has schema version %2, newer than this Retryscope knows (%3); "
                              "it was left untouched")
            .arg(m_path)
            .arg(version)
            .arg(schemaVersion);
    for (int step = version; step < schemaVersion; ++step) {
        db.transaction();
        for (const QString &statement : migrationStep(step + 1)) {
            if (!query.exec(statement)) {
                QString error = sqlError(QStringLiteral("migrating to version %1").arg(step + 1), query.lastError());
                db.rollback();
                return error;
            }
        }
        query.exec(QStringLiteral("PRAGMA user_version=%1").arg(step + 1));
        if (!db.commit())
            return sqlError(QStringLiteral("migrating to version %1").arg(step + 1), db.lastError());
    }
    return {};
}

void History::add(const AttemptRecord &record)
{
    if (m_pendingAttempts.size() >= m_maxPending) {
        // Only while writes fail: a batch is written every 200 ms otherwise.
        // A tenth at a time, so that dropping stays cheap per record.
        const qsizetype excess = std::min(m_pendingAttempts.size(),
                                          std::max(m_pendingAttempts.size() - m_maxPending + 1, m_maxPending / 10));
        m_pendingAttempts.remove(0, excess);
        m_dropped += excess;
    }
    m_pendingAttempts.append(record);
    if (!m_batch.isActive())
        m_batch.start();
}

void History::add(const BreakerTransition &transition)
{
    m_pendingTransitions.append(transition);
    if (!m_batch.isActive())
        m_batch.start();
}

void History::setNotBefore(const QString &endpoint, const QDateTime &notBeforeUtc)
{
    m_pendingNotBefore.insert(endpoint, notBeforeUtc);
    if (!m_batch.isActive())
        m_batch.start();
}

QString History::writeAttempts()
{
    if (m_pendingAttempts.isEmpty())
        return {};
    static const QByteArray sql = insertStatement();
    SqliteStatement insert(database(), sql.constData());
    if (!insert.isValid())
        return QStringLiteral("history: writing attempts: %1").arg(insert.error());
    for (const AttemptRecord &r : std::as_const(m_pendingAttempts)) {
        int index = 0;
        for (const AttemptColumns::Column &c : AttemptColumns::all()) {
            if (!c.sql.isEmpty())
                bindCell(insert, ++index, c.get(r));
        }
        if (!insert.step() || !insert.done())
            return QStringLiteral("history: writing attempts: %1").arg(insert.error());
        insert.reset();
    }
    return {};
}

QString History::flush()
{
    if (m_pendingAttempts.isEmpty() && m_pendingTransitions.isEmpty() && m_pendingNotBefore.isEmpty())
        return {};
    QSqlDatabase db = database();
    if (!db.isOpen())
        return QStringLiteral("history: not open");
    if (!db.transaction())
        return sqlError(QStringLiteral("starting a batch"), db.lastError());
    QString error = writeAttempts();
    QSqlQuery query(db);
    for (qsizetype i = 0; error.isEmpty() && i < m_pendingTransitions.size(); ++i) {
        const BreakerTransition &t = m_pendingTransitions[i];
        query.prepare(QStringLiteral("INSERT INTO transitions (time_ms, breaker, from_state, to_state, reason,"
                                     " open_until_ms) VALUES (?, ?, ?, ?, ?, ?)"));
        const QVariant openUntil = t.openUntilUtc.isValid() ? QVariant(t.openUntilUtc.toMSecsSinceEpoch())
                                                            : QVariant(QMetaType::fromType<qint64>());
        for (const QVariant &value : {QVariant(t.timeUtc.toMSecsSinceEpoch()), QVariant(text(t.breaker)),
                                      QVariant(QString(breakerStateName(t.from))),
                                      QVariant(QString(breakerStateName(t.to))), QVariant(text(t.reason)), openUntil})
            query.addBindValue(value);
        if (!query.exec()) {
            error = sqlError(QStringLiteral("writing transitions"), query.lastError());
            break;
        }
        // The breaker's latest state, for a restart.
        query.prepare(QStringLiteral("INSERT OR REPLACE INTO breaker_state (breaker, state, open_until_ms,"
                                     " open_duration_ms) VALUES (?, ?, ?, ?)"));
        query.addBindValue(text(t.breaker));
        query.addBindValue(QString(breakerStateName(t.to)));
        query.addBindValue(openUntil);
        query.addBindValue(t.openUntilUtc.isValid() ? QVariant(t.timeUtc.msecsTo(t.openUntilUtc))
                                                    : QVariant(QMetaType::fromType<qint64>()));
        if (!query.exec())
            error = sqlError(QStringLiteral("writing breaker state"), query.lastError());
    }
    for (auto it = m_pendingNotBefore.constBegin(); error.isEmpty() && it != m_pendingNotBefore.constEnd(); ++it) {
        query.prepare(QStringLiteral("INSERT OR REPLACE INTO endpoint_state (endpoint, not_before_ms) VALUES (?, ?)"));
        query.addBindValue(it.key());
        query.addBindValue(it.value().toMSecsSinceEpoch());
        if (!query.exec())
            error = sqlError(QStringLiteral("writing endpoint state"), query.lastError());
    }
    if (!error.isEmpty()) {
        db.rollback();
        return error;
    }
    if (!db.commit()) {
        QString commitError = sqlError(QStringLiteral("committing a batch"), db.lastError());
        db.rollback();
        return commitError;
    }
    m_pendingAttempts.clear();
    m_pendingTransitions.clear();
    m_pendingNotBefore.clear();
    return {};
}

PersistedState History::loadState() const
{
    PersistedState state;
    QSqlQuery query(database());
    if (query.exec(QStringLiteral("SELECT breaker, state, open_until_ms, open_duration_ms FROM breaker_state"))) {
        while (query.next()) {
            const auto breakerState = breakerStateFromName(query.value(1).toString());
            if (!breakerState)
                continue;
            PersistedState::Breaker breaker;
            breaker.state = *breakerState;
            if (!query.value(2).isNull())
                breaker.openUntilUtc = QDateTime::fromMSecsSinceEpoch(query.value(2).toLongLong(), QTimeZone::utc());
            breaker.openDuration = milliseconds(query.value(3).toLongLong());
            state.breakers.insert(query.value(0).toString(), breaker);
        }
    }
    if (query.exec(QStringLiteral("SELECT endpoint, not_before_ms FROM endpoint_state"))) {
        while (query.next())
            state.notBeforeUtc.insert(query.value(0).toString(),
                                      QDateTime::fromMSecsSinceEpoch(query.value(1).toLongLong(), QTimeZone::utc()));
    }
    return state;
}

void History::setRetention(std::chrono::hours maxAge, qint64 maxAttempts)
{
    m_maxAge = maxAge;
    m_maxAttempts = maxAttempts;
}

qint64 History::applyRetention(const QDateTime &nowUtc)
{
    return removeExpired(nowUtc, std::numeric_limits<int>::max());
}

void History::retentionStep()
{
    // One bounded chunk per tick: polling is never held up for long.
    removeExpired(m_clock.utcNow(), 1);
}

qint64 History::removeExpired(const QDateTime &nowUtc, int maxChunks)
{
    const qint64 cutoff = nowUtc.toMSecsSinceEpoch() - std::chrono::duration_cast<milliseconds>(m_maxAge).count();
    QSqlQuery query(database());
    qint64 removed = 0;
    // Chunks keep each statement (and its lock on the database) short.
    const auto deleteChunk = [&query, &removed](const QString &statement, const QVariant &bound) {
        query.prepare(statement);
        if (bound.isValid())
            query.addBindValue(bound);
        if (!query.exec() || query.numRowsAffected() <= 0)
            return false;
        removed += query.numRowsAffected();
        return true;
    };
    for (int chunk = 0; chunk < maxChunks; ++chunk) {
        if (!deleteChunk(QStringLiteral("DELETE FROM attempts WHERE id IN (SELECT id FROM attempts WHERE time_ms < ?"
                                        " ORDER BY id LIMIT %1)")
                             .arg(retentionChunk),
                         cutoff))
            break;
    }
    for (int chunk = 0; chunk < maxChunks; ++chunk) {
        const qint64 excess = attemptCount() - m_maxAttempts;
        if (excess <= 0
            || !deleteChunk(QStringLiteral("DELETE FROM attempts WHERE id IN (SELECT id FROM attempts ORDER BY id"
                                           " LIMIT %1)")
                                .arg(std::min<qint64>(excess, retentionChunk)),
                            QVariant()))
            break;
    }
    deleteChunk(QStringLiteral("DELETE FROM transitions WHERE time_ms < ?"), cutoff);
    return removed;
}

qint64 History::attemptCount() const
{
    QSqlQuery query(database());
    return query.exec(QStringLiteral("SELECT COUNT(*) FROM attempts")) && query.next() ? query.value(0).toLongLong()
                                                                                       : 0;
}

qint64 History::transitionCount() const
{
    QSqlQuery query(database());
    return query.exec(QStringLiteral("SELECT COUNT(*) FROM transitions")) && query.next() ? query.value(0).toLongLong()
                                                                                          : 0;
}
