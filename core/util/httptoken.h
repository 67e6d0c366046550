// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArrayView>
#include <QStringView>

#include <algorithm>

// RFC 9110 §5.6.2's token: what a method or a header field name must be.
// One definition for the config validator, the curl importer and the fault
// server's request parser.
namespace HttpToken {

[[nodiscard]] constexpr bool isTokenChar(char16_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '!' || c == '#'
        || c == '$' || c == '%' || c == '&' || c == '\'' || c == '*' || c == '+' || c == '-' || c == '.' || c == '^'
        || c == '_' || c == '`' || c == '|' || c == '~';
}

[[nodiscard]] inline bool isToken(QStringView text)
{
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), [](QChar c) { return isTokenChar(c.unicode()); });
}

[[nodiscard]] inline bool isToken(QByteArrayView text)
{
    return !text.isEmpty()
        && std::all_of(text.begin(), text.end(), [](char c) { return isTokenChar(char16_t(uchar(c))); });
}

} // namespace HttpToken
