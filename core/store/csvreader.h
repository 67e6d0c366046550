// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

// Reads RFC 4180 records, as the attempt log is written, but forgiving what
// spreadsheets and editors do to a file a person saved again: LF as well as
// CRLF line ends, a UTF-8 byte-order mark, no line end after the last
// record. A quote inside an unquoted field, text after a closing quote, and
// an unclosed quote are errors naming the line. Written by hand because Qt
// has no CSV reader; a record's fields point nowhere into the input, so the
// input may go once read.
namespace Csv {

class Reader
{
public:
    explicit Reader(QByteArrayView bytes);

    // The next record into `fields` (UTF-8, quotes removed). False at the
    // end of the input, or on an error (error() then says what and where).
    bool next(QList<QByteArray> &fields);
    [[nodiscard]] const QString &error() const { return m_error; }
    // The line the record last read began on, from 1.
    [[nodiscard]] qint64 line() const { return m_recordLine; }

private:
    QByteArrayView m_bytes;
    qsizetype m_at = 0;
    qint64 m_line = 1;
    qint64 m_recordLine = 0;
    QString m_error;
};

// A text field as written, without the formula guard the writer put in front
// (a ' before =, +, -, @, tab or CR).
[[nodiscard]] QString unguarded(const QByteArray &field);

} // namespace Csv
