// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/csvappender.h"

#include "core/store/csv.h"

QString CsvAppender::open(const QString &path, const QStringList &header)
{
    m_file.setFileName(path);
    if (!m_file.open(QIODevice::ReadWrite | QIODevice::Append))
        return QStringLiteral("%1: cannot open for appending: %2").arg(path, m_file.errorString());
    if (m_file.size() == 0)
        return append(Csv::line(header));
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
    if (m_file.write(line) != line.size() || !m_file.flush())
        return QStringLiteral("%1: write failed: %2").arg(m_file.fileName(), m_file.errorString());
    return {};
}
