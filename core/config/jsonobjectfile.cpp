// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/config/jsonobjectfile.h"

#include "core/util/messagetext.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonParseError>

QString JsonObjectFile::position(const QByteArray &json, int offset)
{
    const QByteArray before = json.left(offset);
    const qsizetype line = before.count('\n') + 1;
    const qsizetype column = offset - (before.lastIndexOf('\n') + 1) + 1;
    return QStringLiteral("line %1, column %2").arg(line).arg(column);
}

JsonObjectFile::Read JsonObjectFile::read(const QString &path, const QString &kind)
{
    Read result;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        result.error = MessageText::oneLine(QStringLiteral("%1: cannot read: %2").arg(path, file.errorString()));
    else if (file.size() > maxFileBytes)
        result.error = MessageText::oneLine(
            QStringLiteral("%1: larger than %2 bytes; not %3").arg(path).arg(maxFileBytes).arg(kind));
    else
        result.bytes = file.readAll();
    return result;
}

JsonObjectFile::Parsed JsonObjectFile::parse(const QByteArray &json, const QString &notAnObject)
{
    Parsed result;
    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        result.problem = QStringLiteral("%1: JSON syntax error: %2")
                             .arg(position(json, parseError.offset), parseError.errorString());
    else if (!document.isObject())
        result.problem = notAnObject;
    else
        result.object = document.object();
    return result;
}
