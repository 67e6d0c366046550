// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/csvappender.h"

#include "core/store/csv.h"
#include "core/util/writeerror.h"

QString CsvAppender::open(const QString &path, const QStringList &header, const QList<QStringList> &olderHeaders)
{
    m_columns = header.size();
    m_file.setFileName(path);
    // Unbuffered: one line is one write(2), and a failed one leaves nothing
    // queued in Qt's buffer to resurface later.
    if (!m_file.open(QIODevice::ReadWrite | QIODevice::Append | QIODevice::Unbuffered))
        return QStringLiteral("%1: cannot open for appending: %2").arg(path, m_file.errorString());
    if (m_file.size() == 0)
        return append(Csv::line(header));
    // A log file never mixes widths: one begun in an older version stays in it.
    const QByteArray first = m_file.seek(0) ? m_file.readLine(64 * 1024) : QByteArray();
    for (const QStringList &older : olderHeaders) {
        if (first == Csv::line(older))
            m_columns = older.size();
    }
    // Complete a line cut off by a crash, so the next record starts fresh.
    if (m_file.seek(m_file.size() - 1)) {
        char last = 0;
        if (m_file.read(&last, 1) == 1 && last != '\n')
            return append("\r\n");
    }
    return {};
}

QString CsvAppender::append(const QByteArray &line)
{
    const qint64 before = m_file.size();
    const QByteArray bytes = m_needsLineBreak ? QByteArrayLiteral("\r\n") + line : line;
    const QString reason = WriteError::writeAll(m_file, bytes);
    if (reason.isEmpty()) {
        m_needsLineBreak = false;
        m_failedLines = 0;
        return {};
    }
    QString error = QStringLiteral("%1: write failed: %2").arg(m_file.fileName(), reason);
    m_file.unsetError();
    // Part of the line may have gone in before the disk filled up.
    if (m_file.size() != before && !m_file.resize(before))
        m_needsLineBreak = true;
    ++m_failedLines;
    return error;
}
