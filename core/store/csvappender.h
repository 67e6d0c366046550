// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFile>
#include <QStringList>

// Appends lines to a CSV file as records happen (the command line in README.md --csv): the header
// only when the file is new or empty, each line flushed at once so that a
// crash loses nothing already reported. A file whose last line was cut off
// (a crash mid-write) gets a line break first, so new lines stay whole. A
// write that fails part-way (a full disk) is cut back off the file, so the
// file never ends in half a record; writing resumes once there is room.
class CsvAppender
{
public:
    CsvAppender() = default;
    Q_DISABLE_COPY_MOVE(CsvAppender)

    // Opens (creating) the file; an error message, or empty. A file that
    // begins with one of `olderHeaders` goes on in that older format.
    [[nodiscard]] QString open(const QString &path, const QStringList &header,
                               const QList<QStringList> &olderHeaders = {});
    // The columns lines must have: the header's, or the older one's found.
    [[nodiscard]] qsizetype columns() const { return m_columns; }
    // Writes one line; an error message (disk full, ...), or empty.
    [[nodiscard]] QString append(const QByteArray &line);
    // Lines that could not be written since the last one that could.
    [[nodiscard]] qint64 failedLines() const { return m_failedLines; }
    [[nodiscard]] bool isOpen() const { return m_file.isOpen(); }
    [[nodiscard]] QString path() const { return m_file.fileName(); }

private:
    QFile m_file;
    qint64 m_failedLines = 0;
    qsizetype m_columns = 0;
    bool m_needsLineBreak = false; // a cut-back failed: start the next line afresh
};
