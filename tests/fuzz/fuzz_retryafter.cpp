// SPDX-License-Identifier: GPL-3.0-or-later
// The Retry-After parser (core/policy/retryafter). Input: the field value,
// then optionally a newline and the response's Date field.
// Invariants: a delay is never negative and never beyond the RFC 9111 bound;
// an ignored value always says why; parsing is a pure function.
#include "core/policy/retryafter.h"
#include "tests/fuzz/fuzzsupport.h"

#include <QTimeZone>

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input = Fuzz::bytes(data, size);
    const qsizetype newline = input.indexOf('\n');
    const QByteArray field = newline < 0 ? input : input.first(newline);
    const QByteArray date = newline < 0 ? QByteArray() : input.sliced(newline + 1);
    const QDateTime received(QDate(2026, 11, 28), QTime(14, 50, 47, 123), QTimeZone::utc());

    const RetryAfter parsed = RetryAfter::parse(field.isNull() ? QByteArray("") : field, received, date);
    switch (parsed.kind) {
    case RetryAfter::Kind::Absent: Fuzz::fail("a present field parsed as absent", field);
    case RetryAfter::Kind::Delay:
        Fuzz::check(parsed.delay.count() >= 0, "negative delay", field);
        Fuzz::check(parsed.delay.count() < (RetryAfter::maxSeconds + 1) * 1000, "delay beyond 2^31-1 s", field);
        Fuzz::check(parsed.reason.isEmpty(), "a delay with a reason", field);
        break;
    case RetryAfter::Kind::Ignored:
        Fuzz::check(!parsed.reason.isEmpty(), "ignored without a reason", field);
        Fuzz::check(!parsed.reason.contains(u'\n') && !parsed.reason.contains(u'\r'),
                    "a reason that breaks the one-line log", parsed.reason.toUtf8());
        break;
    }
    const RetryAfter again = RetryAfter::parse(field.isNull() ? QByteArray("") : field, received, date);
    Fuzz::check(again.kind == parsed.kind && again.delay == parsed.delay && again.reason == parsed.reason,
                "two parses of one value differ", field);
    return 0;
}
