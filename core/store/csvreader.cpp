// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/csvreader.h"

namespace Csv {

Reader::Reader(QByteArrayView bytes)
    : m_bytes(bytes)
{
    if (m_bytes.startsWith("\xEF\xBB\xBF"))
        m_at = 3;
}

bool Reader::next(QList<QByteArray> &fields)
{
    fields.clear();
    if (!m_error.isEmpty() || m_at >= m_bytes.size())
        return false;
    m_recordLine = m_line;
    const qsizetype size = m_bytes.size();
    QByteArray field;
    while (true) {
        if (m_at < size && m_bytes[m_at] == '"') {
            ++m_at;
            while (true) {
                if (m_at >= size) {
                    m_error = QStringLiteral("line %1: a quoted field is not closed").arg(m_recordLine);
                    return false;
                }
                const char c = m_bytes[m_at++];
                if (c == '"') {
                    if (m_at < size && m_bytes[m_at] == '"') {
                        field.append('"');
                        ++m_at;
                        continue;
                    }
                    break;
                }
                if (c == '\n')
                    ++m_line;
                field.append(c);
            }
            if (m_at < size && m_bytes[m_at] != ',' && m_bytes[m_at] != '\n'
                && !(m_bytes[m_at] == '\r' && m_at + 1 < size && m_bytes[m_at + 1] == '\n')
                && !(m_bytes[m_at] == '\r' && m_at + 1 == size)) {
                m_error = QStringLiteral("line %1: text after a closing quote").arg(m_line);
                return false;
            }
        } else {
            const qsizetype start = m_at;
            while (m_at < size && m_bytes[m_at] != ',' && m_bytes[m_at] != '\n' && m_bytes[m_at] != '\r') {
                if (m_bytes[m_at] == '"') {
                    m_error = QStringLiteral("line %1: a quote inside an unquoted field").arg(m_line);
                    return false;
                }
                ++m_at;
            }
            if (m_at < size && m_bytes[m_at] == '\r' && m_at + 1 < size && m_bytes[m_at + 1] != '\n') {
                m_error = QStringLiteral("line %1: a carriage return inside an unquoted field").arg(m_line);
                return false;
            }
            field = m_bytes.sliced(start, m_at - start).toByteArray();
        }
        fields.append(field);
        field.clear();
        if (m_at >= size)
            return true;
        if (m_bytes[m_at] == ',') {
            ++m_at;
            continue;
        }
        m_at += m_bytes[m_at] == '\r' ? 2 : 1; // CRLF or LF
        ++m_line;
        return true;
    }
}

QString unguarded(const QByteArray &field)
{
    if (field.size() >= 2 && field[0] == '\'' && QByteArrayView("=+-@\t\r").contains(field[1]))
        return QString::fromUtf8(field.mid(1));
    return QString::fromUtf8(field);
}

} // namespace Csv
