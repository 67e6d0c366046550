// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/policy/ratelimitquota.h"

#include "core/policy/httpdate.h"

#include <QByteArrayView>

#include <algorithm>
#include <cmath>

namespace {

using std::chrono::milliseconds;

// The longest reset taken at its word: the bound of Retry-After's delay-seconds.
constexpr qint64 maxResetSeconds = 2147483647;

// A minimal reader of an RFC 8941 List, enough for the RateLimit field: Qt
// 6.4 has no Structured Field parser (QHttpHeaders came in 6.7, and it does
// not parse Structured Fields either). Items and parameters are read by the
// RFC's grammar so that a string or a parameter of another name cannot be
// mistaken for r or t; anything the grammar refuses fails the whole field,
// as RFC 8941 §4.2 says.
class StructuredList
{
public:
    explicit StructuredList(QByteArrayView text)
        : m_text(text)
    { }

    // Calls `item(r, t)` for every member; false when the field is malformed.
    template<typename OnItem> bool read(OnItem item)
    {
        skipSpaces();
        if (atEnd())
            return false; // an empty field is not a list
        while (true) {
            std::optional<qint64> r;
            std::optional<qint64> t;
            if (peek() == '(') {
                if (!skipInnerList())
                    return false;
            } else if (!bareItem(nullptr)) {
                return false;
            }
            if (!parameters(&r, &t))
                return false;
            item(r, t);
            skipSpaces();
            if (atEnd())
                return true;
            if (peek() != ',')
                return false;
            ++m_pos;
            skipSpaces();
            if (atEnd())
                return false; // a trailing comma
        }
    }

private:
    [[nodiscard]] bool atEnd() const { return m_pos >= m_text.size(); }
    [[nodiscard]] char peek() const { return atEnd() ? '\0' : m_text[m_pos]; }
    void skipSpaces()
    {
        while (!atEnd() && (peek() == ' ' || peek() == '\t'))
            ++m_pos;
    }
    static bool isDigit(char c) { return c >= '0' && c <= '9'; }
    static bool isLcAlpha(char c) { return c >= 'a' && c <= 'z'; }
    static bool isAlpha(char c) { return isLcAlpha(c) || (c >= 'A' && c <= 'Z'); }
    static bool isTchar(char c) { return isAlpha(c) || isDigit(c) || QByteArrayView("!#$%&'*+-.^_`|~:/").contains(c); }

    // A bare item; `integer` receives its value when it is an Integer.
    bool bareItem(std::optional<qint64> *integer)
    {
        const char c = peek();
        if (c == '-' || isDigit(c))
            return number(integer);
        if (c == '"')
            return string();
        if (c == '*' || isAlpha(c)) {
            while (!atEnd() && isTchar(peek()))
                ++m_pos;
            return true;
        }
        if (c == ':') { // Byte Sequence
            const qsizetype end = m_text.indexOf(':', m_pos + 1);
            if (end < 0)
                return false;
            m_pos = end + 1;
            return true;
        }
        if (c == '?') { // Boolean
            m_pos += 2;
            return m_pos <= m_text.size() && (m_text[m_pos - 1] == '0' || m_text[m_pos - 1] == '1');
        }
        return false;
    }

    bool number(std::optional<qint64> *integer)
    {
        const qsizetype start = m_pos;
        if (peek() == '-')
            ++m_pos;
        const qsizetype digitsStart = m_pos;
        while (!atEnd() && isDigit(peek()))
            ++m_pos;
        const qsizetype digits = m_pos - digitsStart;
        if (digits == 0 || digits > 15)
            return false;
        if (peek() == '.') { // a Decimal: valid, but not a count
            ++m_pos;
            const qsizetype fraction = m_pos;
            while (!atEnd() && isDigit(peek()))
                ++m_pos;
            return m_pos > fraction && m_pos - fraction <= 3 && digits <= 12;
        }
        if (integer)
            *integer = m_text.sliced(start, m_pos - start).toLongLong();
        return true;
    }

    bool string()
    {
        ++m_pos; // the opening quote
        while (!atEnd()) {
            const char c = m_text[m_pos++];
            if (c == '"')
                return true;
            if (c == '\\') {
                if (atEnd() || (peek() != '"' && peek() != '\\'))
                    return false;
                ++m_pos;
            } else if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return false;
    }

    bool skipInnerList()
    {
        ++m_pos;
        while (true) {
            skipSpaces();
            if (peek() == ')') {
                ++m_pos;
                return true;
            }
            if (!bareItem(nullptr) || !parameters(nullptr, nullptr))
                return false;
            if (peek() != ' ' && peek() != ')')
                return false;
        }
    }

    bool parameters(std::optional<qint64> *r, std::optional<qint64> *t)
    {
        while (peek() == ';') {
            ++m_pos;
            skipSpaces();
            const qsizetype start = m_pos;
            if (!isLcAlpha(peek()) && peek() != '*')
                return false;
            while (!atEnd() && (isLcAlpha(peek()) || isDigit(peek()) || QByteArrayView("_-.*").contains(peek())))
                ++m_pos;
            const QByteArrayView key = m_text.sliced(start, m_pos - start);
            std::optional<qint64> value;
            if (peek() == '=') {
                ++m_pos;
                if (!bareItem(&value))
                    return false;
            }
            if (r && key == "r")
                *r = value;
            else if (t && key == "t")
                *t = value;
        }
        return true;
    }

    QByteArrayView m_text;
    qsizetype m_pos = 0;
};

std::optional<RateLimitQuota> fromRateLimitField(const QByteArray &field)
{
    std::optional<RateLimitQuota> best;
    bool valid = true;
    const bool parsed = StructuredList(field).read([&](std::optional<qint64> r, std::optional<qint64> t) {
        if (!r)
            return; // an item without a remaining count says nothing we use
        if (*r < 0 || (t && (*t < 0 || *t > maxResetSeconds))) {
            valid = false;
            return;
        }
        if (!best || *r < best->remaining)
            best = RateLimitQuota{*r, t ? std::optional<milliseconds>(*t * 1000) : std::nullopt};
    });
    if (!parsed || !valid)
        return std::nullopt;
    return best;
}

std::optional<qint64> wholeNumber(QByteArrayView text)
{
    text = text.trimmed();
    if (text.isEmpty() || text.size() > 15
        || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    return text.toLongLong();
}

// A reset value: seconds from now, or Unix epoch seconds above 10^9 (a
// fraction allowed, as some APIs send one), against the server's Date.
std::optional<milliseconds> resetFrom(QByteArrayView text, const QDateTime &receivedUtc, const QByteArray &date)
{
    text = text.trimmed();
    bool ok = false;
    const double seconds = text.toDouble(&ok);
    if (!ok || !std::isfinite(seconds) || seconds < 0 || text.startsWith('+') || text.contains('e')
        || text.contains('E'))
        return std::nullopt;
    if (seconds <= double(RateLimitQuota::epochThreshold)) {
        if (seconds > double(maxResetSeconds))
            return std::nullopt;
        return milliseconds(std::llround(seconds * 1000));
    }
    QDateTime reference = receivedUtc;
    if (!date.isNull()) {
        const QDateTime serverNow = parseHttpDate(date.trimmed(), receivedUtc);
        if (serverNow.isValid())
            reference = serverNow;
    }
    const double ahead = seconds * 1000 - double(reference.toMSecsSinceEpoch());
    if (ahead > double(maxResetSeconds) * 1000)
        return std::nullopt;
    return milliseconds(std::max<qint64>(0, std::llround(ahead)));
}

std::optional<RateLimitQuota> fromCountFields(const QByteArray &remaining, const QByteArray &reset,
                                              const QDateTime &receivedUtc, const QByteArray &date)
{
    if (remaining.isNull())
        return std::nullopt;
    const auto count = wholeNumber(remaining);
    if (!count)
        return std::nullopt;
    RateLimitQuota quota{*count, std::nullopt};
    if (!reset.isNull())
        quota.reset = resetFrom(reset, receivedUtc, date); // a bad reset still leaves the count
    return quota;
}

} // namespace

std::optional<RateLimitQuota> RateLimitQuota::parse(const Fields &fields, const QDateTime &receivedUtc)
{
    if (!fields.rateLimit.isNull()) {
        if (auto quota = fromRateLimitField(fields.rateLimit))
            return quota;
    }
    if (auto quota = fromCountFields(fields.draftRemaining, fields.draftReset, receivedUtc, fields.date))
        return quota;
    return fromCountFields(fields.xRemaining, fields.xReset, receivedUtc, fields.date);
}

milliseconds maxPacingJitter(milliseconds wait)
{
    return std::min(milliseconds(1000), milliseconds(std::max<qint64>(0, wait.count() / 10)));
}
