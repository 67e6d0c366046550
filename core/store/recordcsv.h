// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/breaker/circuitbreaker.h"
#include "core/net/attemptrecord.h"

#include <QStringList>

// docs/attempt-log.md's lines for attempts and for breaker transitions. The
// attempt columns are described in attemptcolumns.h; further columns may be
// appended in later versions, never inserted.
namespace RecordCsv {

// The current columns (version 2); version 1's are its first 16.
[[nodiscard]] const QStringList &attemptHeader();
inline constexpr qsizetype attemptColumnsV1 = 16;
[[nodiscard]] QStringList attemptHeaderV1();
// `columns` < the current count writes an older version's line (a log file
// that began in that version goes on in it).
[[nodiscard]] QByteArray attemptLine(const AttemptRecord &record, qsizetype columns = -1);

[[nodiscard]] const QStringList &transitionHeader();
[[nodiscard]] QStringList transitionFields(const BreakerTransition &transition);
[[nodiscard]] QByteArray transitionLine(const BreakerTransition &transition);

// ISO 8601 UTC with milliseconds: 2026-11-28T14:50:47.123Z
[[nodiscard]] QString timestamp(const QDateTime &time);
// The same from milliseconds since the epoch, appended as ASCII; arithmetic
// only, as the bulk export formats millions of them.
void appendTimestamp(QByteArray &out, qint64 epochMs);
// The same into exactly `timestampBytes` bytes at `at`, for times in years
// 0 to 9999 (fitsTimestamp()).
[[nodiscard]] constexpr bool fitsTimestamp(qint64 epochMs)
{
    return epochMs >= -62'167'219'200'000 && epochMs <= 253'402'300'799'999;
}
inline constexpr qsizetype timestampBytes = 24;
void writeTimestamp(char *at, qint64 epochMs);

// A URL as exported: credentials replaced by *** (docs/attempt-log.md). Parsed only
// when it could hold credentials at all.
[[nodiscard]] QString exportedUrl(const QString &url);

} // namespace RecordCsv
