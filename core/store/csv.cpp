// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/csv.h"

#include <cstring>

QString Csv::guardFormula(const QString &text)
{
    if (text.isEmpty())
        return text;
    const QChar first = text.front();
    if (first == u'=' || first == u'+' || first == u'-' || first == u'@' || first == u'\t' || first == u'\r')
        return u'\'' + text;
    return text;
}

QByteArray Csv::field(const QString &text)
{
    QByteArray utf8 = text.toUtf8();
    if (!utf8.contains(',') && !utf8.contains('"') && !utf8.contains('\r') && !utf8.contains('\n'))
        return utf8;
    QByteArray quoted = utf8;
    quoted.replace("\"", "\"\"");
    return '"' + quoted + '"';
}

QByteArray Csv::line(const QStringList &fields, const QList<int> &textColumns)
{
    QByteArray out;
    for (qsizetype i = 0; i < fields.size(); ++i) {
        if (i > 0)
            out += ',';
        out += field(textColumns.contains(int(i)) ? guardFormula(fields[i]) : fields[i]);
    }
    return out + "\r\n";
}

void Csv::appendField(QByteArray &out, QByteArrayView utf8, bool guard)
{
    Writer writer(out);
    writer.reserve(fieldBound(utf8));
    writer.field(utf8, guard);
}

Csv::Writer::Writer(QByteArray &out)
    : m_out(out)
    , m_size(out.size())
    , m_base(out.data())
{ }

void Csv::Writer::grow(qsizetype bytes)
{
    m_out.resize(std::max(m_size + bytes, 2 * m_out.size()));
    m_base = m_out.data();
}

void Csv::Writer::integer(qint64 value)
{
    char digits[24];
    int at = sizeof digits;
    const bool negative = value < 0;
    quint64 magnitude = negative ? 0 - quint64(value) : quint64(value);
    do {
        digits[--at] = char('0' + magnitude % 10);
        magnitude /= 10;
    } while (magnitude != 0);
    if (negative)
        digits[--at] = '-';
    raw(QByteArrayView(digits + at, qsizetype(sizeof digits) - at));
}

void Csv::Writer::field(QByteArrayView utf8, bool guard)
{
    bool quote = false;
    for (const char c : utf8)
        quote = quote || c == ',' || c == '"' || c == '\r' || c == '\n';
    const char first = utf8.isEmpty() ? '\0' : utf8.front();
    const bool prefix
        = guard && (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r');
    if (quote)
        put('"');
    if (prefix)
        put('\'');
    if (!quote) {
        raw(utf8);
        return;
    }
    char *out = claim(0);
    qsizetype written = 0;
    for (const char c : utf8) {
        out[written++] = c;
        if (c == '"')
            out[written++] = '"';
    }
    m_size += written;
    put('"');
}

void Csv::Writer::finish()
{
    m_out.resize(m_size);
    m_base = m_out.data();
}
