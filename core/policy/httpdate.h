// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArrayView>
#include <QDateTime>

// Parses an HTTP-date (RFC 9110 §5.6.7) in any of its three forms:
//   IMF-fixdate  "Sun, 06 Nov 1994 08:49:37 GMT"
//   RFC 850      "Sunday, 06-Nov-94 08:49:37 GMT"
//   asctime      "Sun Nov  6 08:49:37 1994"
// Returns an invalid QDateTime when the text is none of them. `now` resolves
// RFC 850's two-digit year: a year that would lie more than 50 years in the
// future means the most recent past year with those digits (§5.6.7), and one
// more than 50 years in the past the next such year.
//
// Written by hand because Qt's own HTTP-date parser is private API, and the
// public QLocale/QDateTime formats map RFC 850's "yy" to 19yy, which puts
// every current RFC 850 date a century in the past.
[[nodiscard]] QDateTime parseHttpDate(QByteArrayView text, const QDateTime &now);

// Whether `token` is a day name as HTTP-dates spell them ("Sun", "Sunday").
[[nodiscard]] bool isHttpDayName(QByteArrayView token);

// Formats an IMF-fixdate, the form senders must use.
[[nodiscard]] QByteArray formatHttpDate(const QDateTime &time);
