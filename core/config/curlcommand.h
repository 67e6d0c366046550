// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QStringList>
#include <QUrl>

#include <chrono>
#include <optional>

// What a pasted curl command asks for, as far as an endpoint can say it:
// method, URL, headers and body (plus --max-time as the timeout). Written
// for what browsers' "Copy as cURL" and API docs produce.
struct CurlCommand
{
    QByteArray method; // as given, or GET / POST (with data) / HEAD (-I)
    QUrl url;
    QList<QPair<QString, QString>> headers;
    QByteArray body;
    std::optional<std::chrono::milliseconds> timeout; // -m / --max-time
    QString proxy; // -x / --proxy as written; empty when not given
    QStringList ignored; // options understood but without an endpoint key
    QString error; // why the text is not a usable curl command

    [[nodiscard]] bool ok() const { return error.isEmpty(); }
};

namespace Curl {

// Splits like a POSIX shell: single quotes, double quotes with backslash
// escapes, bash's $'...' strings and backslash-newline continuations. Qt has
// no POSIX-shell splitter (QProcess::splitCommand follows Windows rules), so
// this one is hand-written. An unterminated quote is an error.
[[nodiscard]] QStringList splitShellWords(const QString &text, QString *error);

[[nodiscard]] CurlCommand parse(const QString &text);

} // namespace Curl
