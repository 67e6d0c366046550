// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include <chrono>

// A parsed Retry-After field (RFC 9110 §10.2.3): how long the server asked the
// client to wait, or why the value was ignored. Ignored values never abort
// anything: the attempt simply keeps its own backoff (docs/endpoints-file.md).
struct RetryAfter
{
    enum class Kind {
        Absent, // the response had no Retry-After field
        Delay, // honour `delay` (0 for a date in the past)
        Ignored, // present but unusable; `reason` says why
    };

    // The longest delay-seconds value accepted, 2^31 - 1 (about 68 years):
    // the bound RFC 9111 §1.2.2 sets for delta-seconds. Anything larger is
    // treated as an overflowed value, not as a request to wait for ever.
    static constexpr qint64 maxSeconds = 2147483647;

    Kind kind = Kind::Absent;
    std::chrono::milliseconds delay{0};
    QString reason;

    // `fieldValue` is the field as Qt reports it: a null QByteArray when
    // absent, repeated fields joined by ", ". An HTTP-date is measured against
    // the response's own `Date` field when it has a valid one (so a skewed
    // local clock does not distort it), otherwise against `receivedUtc`.
    [[nodiscard]] static RetryAfter parse(const QByteArray &fieldValue, const QDateTime &receivedUtc,
                                          const QByteArray &dateField = {});

    [[nodiscard]] bool isDelay() const { return kind == Kind::Delay; }
};
