// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QSqlDatabase>
#include <QString>

#include <optional>

struct sqlite3;
struct sqlite3_stmt;

// A prepared statement on the SQLite connection that Qt SQL opened. Qt SQL
// binds every value through a named-parameter hash (about 2,000 instructions
// a value), which caps batched inserts near 60,000 rows/s; the history's two
// hot paths (the batch insert and the CSV export) use SQLite's own API on the
// same connection instead, inside Qt SQL's transactions.
class SqliteStatement
{
public:
    SqliteStatement(const QSqlDatabase &db, const char *sql);
    ~SqliteStatement();
    Q_DISABLE_COPY_MOVE(SqliteStatement)

    [[nodiscard]] bool isValid() const { return m_statement != nullptr; }
    [[nodiscard]] QString error() const;

    void bind(int index, qint64 value);
    // Text is bound without a copy: it must stay alive and unchanged until
    // the statement's next step() has run.
    void bind(int index, const QString &text);
    void bind(int index, const QByteArray &utf8);
    void bind(int index, QByteArrayView utf8);
    void bindStatic(int index, QLatin1String text);
    void bindNull(int index);
    template<typename T> void bind(int index, const std::optional<T> &value)
    {
        if (value)
            bind(index, qint64(*value));
        else
            bindNull(index);
    }

    // One step: true while a row is available (SELECT) or the step worked
    // (other statements); check error() after false.
    bool step();
    [[nodiscard]] bool done() const { return m_done; }
    void reset();

    [[nodiscard]] bool isNull(int column) const;
    [[nodiscard]] qint64 integer(int column) const;
    // The column's text as UTF-8, valid until the next step().
    [[nodiscard]] QByteArrayView text(int column) const;

private:
    sqlite3 *m_db = nullptr;
    sqlite3_stmt *m_statement = nullptr;
    int m_lastCode = 0;
    bool m_done = false;
};
