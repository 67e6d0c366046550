// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/rfc4180reader.h"

Rfc4180Result readRfc4180(const QByteArray &bytes)
{
    Rfc4180Result result;
    const QString text = QString::fromUtf8(bytes);
    QStringList record;
    QString field;
    enum class State { FieldStart, Unquoted, Quoted, QuoteInQuoted } state = State::FieldStart;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        switch (state) {
        case State::FieldStart:
        case State::Unquoted:
            if (c == u'"') {
                if (state == State::Unquoted) {
                    result.error = QStringLiteral("quote inside an unquoted field at %1").arg(i);
                    return result;
                }
                state = State::Quoted;
            } else if (c == u',') {
                record.append(field);
                field.clear();
                state = State::FieldStart;
            } else if (c == u'\r') {
                if (i + 1 >= text.size() || text[i + 1] != u'\n') {
                    result.error = QStringLiteral("bare CR at %1").arg(i);
                    return result;
                }
                ++i;
                record.append(field);
                result.records.append(record);
                record.clear();
                field.clear();
                state = State::FieldStart;
            } else if (c == u'\n') {
                result.error = QStringLiteral("bare LF at %1").arg(i);
                return result;
            } else {
                field += c;
                state = State::Unquoted;
            }
            break;
        case State::Quoted:
            if (c == u'"')
                state = State::QuoteInQuoted;
            else
                field += c;
            break;
        case State::QuoteInQuoted:
            if (c == u'"') {
                field += u'"';
                state = State::Quoted;
            } else if (c == u',' || c == u'\r') {
                state = State::Unquoted;
                --i; // let the unquoted state end the field or record
                if (c == u',') {
                    ++i;
                    record.append(field);
                    field.clear();
                    state = State::FieldStart;
                }
            } else {
                result.error = QStringLiteral("text after a closing quote at %1").arg(i);
                return result;
            }
            break;
        }
    }
    if (state != State::FieldStart || !field.isEmpty() || !record.isEmpty())
        result.error = QStringLiteral("input does not end with CRLF");
    return result;
}
