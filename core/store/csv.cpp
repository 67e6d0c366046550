// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/csv.h"

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
    const QByteArray utf8 = text.toUtf8();
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
    const bool quote = utf8.contains(',') || utf8.contains('"') || utf8.contains('\r') || utf8.contains('\n');
    if (quote)
        out += '"';
    if (guard && !utf8.isEmpty()) {
        const char first = utf8.front();
        if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r')
            out += '\'';
    }
    if (!quote) {
        out += utf8;
        return;
    }
    for (const char c : utf8) {
        if (c == '"')
            out += '"';
        out += c;
    }
    out += '"';
}
