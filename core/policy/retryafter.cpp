// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/policy/retryafter.h"

#include "core/policy/httpdate.h"
#include "core/util/messagetext.h"

#include <QList>

namespace {

using std::chrono::milliseconds;

RetryAfter ignored(const QString &reason)
{
    return {RetryAfter::Kind::Ignored, milliseconds(0), reason};
}

RetryAfter delayOf(milliseconds delay)
{
    return {RetryAfter::Kind::Delay, delay, {}};
}

bool allDigits(QByteArrayView text)
{
    if (text.isEmpty())
        return false;
    for (const char c : text) {
        if (c < '0' || c > '9')
            return false;
    }
    return true;
}

QString quoted(QByteArrayView value)
{
    return u'"' + MessageText::bytes(value, 40) + u'"';
}

// One Retry-After value: delay-seconds or an HTTP-date.
RetryAfter parseOne(QByteArrayView value, const QDateTime &receivedUtc, const QByteArray &dateField)
{
    if (allDigits(value)) {
        // Leading zeros are allowed by the grammar; skip them so the length
        // check below is about magnitude.
        while (value.size() > 1 && value.front() == '0')
            value = value.sliced(1);
        if (value.size() > 10)
            return ignored(QStringLiteral("Retry-After %1 is out of range").arg(quoted(value)));
        const qint64 seconds = value.toLongLong();
        if (seconds > RetryAfter::maxSeconds)
            return ignored(QStringLiteral("Retry-After %1 is out of range").arg(quoted(value)));
        return delayOf(milliseconds(seconds * 1000));
    }
    if (value.startsWith('-') && allDigits(value.sliced(1)))
        return ignored(QStringLiteral("Retry-After %1 is negative").arg(quoted(value)));
    if (value.startsWith('+') && allDigits(value.sliced(1)))
        return ignored(QStringLiteral("Retry-After %1 has a sign, which delay-seconds may not").arg(quoted(value)));

    const QDateTime target = parseHttpDate(value, receivedUtc);
    if (!target.isValid()) {
        return ignored(QStringLiteral("Retry-After %1 is neither delay-seconds nor an HTTP-date").arg(quoted(value)));
    }
    QDateTime reference = receivedUtc;
    if (!dateField.isNull()) {
        const QDateTime serverNow = parseHttpDate(dateField.trimmed(), receivedUtc);
        if (serverNow.isValid())
            reference = serverNow;
    }
    const qint64 ms = reference.msecsTo(target);
    if (ms <= 0)
        return delayOf(milliseconds(0));
    if (ms / 1000 > RetryAfter::maxSeconds)
        return ignored(QStringLiteral("Retry-After %1 is too far in the future").arg(quoted(value)));
    return delayOf(milliseconds(ms));
}

// Repeated fields reach us joined by ", ", but an HTTP-date contains a comma
// of its own ("Sun, 06 Nov ..."). Splits the joined text back into values: a
// piece that is only a day name is glued to the piece after it.
QList<QByteArrayView> splitValues(QByteArrayView text)
{
    QList<QByteArrayView> values;
    qsizetype start = 0;
    for (qsizetype i = 0; i <= text.size(); ++i) {
        if (i < text.size() && text.at(i) != ',')
            continue;
        const QByteArrayView piece = text.sliced(start, i - start).trimmed();
        if (i < text.size() && isHttpDayName(piece))
            continue; // keep the comma: this piece starts an HTTP-date
        values.append(text.sliced(start, i - start).trimmed());
        start = i + 1;
    }
    return values;
}

} // namespace

RetryAfter RetryAfter::parse(const QByteArray &fieldValue, const QDateTime &receivedUtc, const QByteArray &dateField)
{
    if (fieldValue.isNull())
        return {};
    const QByteArrayView value = QByteArrayView(fieldValue).trimmed();
    if (value.isEmpty())
        return ignored(QStringLiteral("Retry-After is empty"));

    RetryAfter whole = parseOne(value, receivedUtc, dateField);
    if (whole.isDelay() || !value.contains(','))
        return whole;

    // More than one field: usable only when every value asks for the same wait.
    const QList<QByteArrayView> values = splitValues(value);
    if (values.size() < 2)
        return whole;
    RetryAfter first = parseOne(values.front(), receivedUtc, dateField);
    for (qsizetype i = 1; i < values.size() && first.isDelay(); ++i) {
        RetryAfter other = parseOne(values[i], receivedUtc, dateField);
        if (!other.isDelay())
            return other;
        if (other.delay != first.delay) {
            return ignored(QStringLiteral("conflicting Retry-After values %1").arg(quoted(value)));
        }
    }
    return first;
}
