// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QStringList>

// An RFC 4180 reader written independently of core/store/csv, so that tests
// check the writer against the standard rather than against itself. Strict:
// records end in CRLF; a quote inside an unquoted field, or text after a
// closing quote, is an error.
struct Rfc4180Result
{
    QList<QStringList> records;
    QString error; // empty when the whole input is valid
};

[[nodiscard]] Rfc4180Result readRfc4180(const QByteArray &bytes);
