// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

// What every JSON file Retryscope reads (the endpoints file, the policy lab's
// policy files) needs before its own keys are looked at: read with a size
// limit, parsed with the place of a syntax error, and an object at the top.
namespace JsonObjectFile {

// Files larger than this are refused unread.
inline constexpr qint64 maxFileBytes = 16 * 1024 * 1024;

// "line 3, column 7" for an offset into a JSON text (a syntax error's).
[[nodiscard]] QString position(const QByteArray &json, int offset);

struct Read
{
    QByteArray bytes;
    QString error; // "<path>: cannot read: ..." or "<path>: larger than ... bytes; not <kind>"; empty when read
};
// `kind` names what the file should be ("an endpoints file") for the size refusal.
[[nodiscard]] Read read(const QString &path, const QString &kind);

struct Parsed
{
    QJsonObject object;
    QString problem; // "line 2, column 5: JSON syntax error: ..." or `notAnObject`; empty when parsed
};
// `notAnObject` is the problem when the text is JSON but not an object.
[[nodiscard]] Parsed parse(const QByteArray &json, const QString &notAnObject);

} // namespace JsonObjectFile
