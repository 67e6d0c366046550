// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/policy/httpdate.h"

#include <QList>
#include <QTimeZone>

#include <array>

namespace {

constexpr std::array<const char *, 7> shortDays{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
constexpr std::array<const char *, 7> longDays{"Monday", "Tuesday",  "Wednesday", "Thursday",
                                               "Friday", "Saturday", "Sunday"};
constexpr std::array<const char *, 12> months{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

template<std::size_t N> int indexIn(const std::array<const char *, N> &names, QByteArrayView token)
{
    for (std::size_t i = 0; i < N; ++i) {
        if (token.compare(QByteArrayView(names[i]), Qt::CaseInsensitive) == 0)
            return static_cast<int>(i);
    }
    return -1;
}

// A run of exactly `digits` ASCII digits (1 or 2 for a day), or -1.
int number(QByteArrayView token, qsizetype minDigits, qsizetype maxDigits)
{
    if (token.size() < minDigits || token.size() > maxDigits)
        return -1;
    int value = 0;
    for (const char c : token) {
        if (c < '0' || c > '9')
            return -1;
        value = value * 10 + (c - '0');
    }
    return value;
}

// "hh:mm:ss"; a leap second (60) is read as 59, which QTime cannot hold.
QTime timeOfDay(QByteArrayView token)
{
    if (token.size() != 8 || token.at(2) != ':' || token.at(5) != ':')
        return {};
    const int h = number(token.sliced(0, 2), 2, 2);
    const int m = number(token.sliced(3, 2), 2, 2);
    const int s = number(token.sliced(6, 2), 2, 2);
    if (s == 60)
        return QTime(h, m, 59);
    return QTime(h, m, s); // invalid for out-of-range parts, and for -1
}

QDateTime utc(int year, int month0, int day, QTime time)
{
    if (year < 1 || month0 < 0 || day < 1 || !time.isValid())
        return {};
    const QDate date(year, month0 + 1, day);
    if (!date.isValid())
        return {};
    return QDateTime(date, time, QTimeZone::utc());
}

QList<QByteArrayView> tokens(QByteArrayView text)
{
    QList<QByteArrayView> parts;
    qsizetype start = -1;
    for (qsizetype i = 0; i <= text.size(); ++i) {
        const bool space = i == text.size() || text.at(i) == ' ' || text.at(i) == '\t';
        if (space && start >= 0) {
            parts.append(text.sliced(start, i - start));
            start = -1;
        } else if (!space && start < 0) {
            start = i;
        }
    }
    return parts;
}

bool isGmt(QByteArrayView token)
{
    return token.compare(QByteArrayView("GMT"), Qt::CaseInsensitive) == 0;
}

bool dayName(QByteArrayView token, bool longForm)
{
    return longForm ? indexIn(longDays, token) >= 0 : indexIn(shortDays, token) >= 0;
}

} // namespace

QDateTime parseHttpDate(QByteArrayView text, const QDateTime &now)
{
    const QList<QByteArrayView> t = tokens(text);

    // IMF-fixdate: "Sun," "06" "Nov" "1994" "08:49:37" "GMT"
    if (t.size() == 6 && t[0].endsWith(',') && dayName(t[0].chopped(1), false) && isGmt(t[5]))
        return utc(number(t[3], 4, 4), indexIn(months, t[2]), number(t[1], 1, 2), timeOfDay(t[4]));

    // RFC 850: "Sunday," "06-Nov-94" "08:49:37" "GMT"
    if (t.size() == 4 && t[0].endsWith(',') && dayName(t[0].chopped(1), true) && isGmt(t[3])) {
        const QByteArrayView date = t[1];
        if (date.size() != 9 || date.at(2) != '-' || date.at(6) != '-')
            return {};
        const int yy = number(date.sliced(7, 2), 2, 2);
        if (yy < 0)
            return {};
        const QDate reference = now.toUTC().date();
        int year = reference.year() - reference.year() % 100 + yy;
        if (year > reference.year() + 50)
            year -= 100;
        else if (year < reference.year() - 50)
            year += 100; // the same 100-year window, seen from late in a century
        return utc(year, indexIn(months, date.sliced(3, 3)), number(date.sliced(0, 2), 2, 2), timeOfDay(t[2]));
    }

    // asctime: "Sun" "Nov" "6" "08:49:37" "1994"
    if (t.size() == 5 && dayName(t[0], false))
        return utc(number(t[4], 4, 4), indexIn(months, t[1]), number(t[2], 1, 2), timeOfDay(t[3]));

    return {};
}

bool isHttpDayName(QByteArrayView token)
{
    return dayName(token, false) || dayName(token, true);
}

QByteArray formatHttpDate(const QDateTime &time)
{
    const QDateTime u = time.toUTC();
    const QDate d = u.date();
    const QTime tm = u.time();
    return QByteArray(shortDays[d.dayOfWeek() - 1]) + ", " + QByteArray::number(d.day()).rightJustified(2, '0') + ' '
        + months[d.month() - 1] + ' ' + QByteArray::number(d.year()).rightJustified(4, '0') + ' '
        + QByteArray::number(tm.hour()).rightJustified(2, '0') + ':'
        + QByteArray::number(tm.minute()).rightJustified(2, '0') + ':'
        + QByteArray::number(tm.second()).rightJustified(2, '0') + " GMT";
}
