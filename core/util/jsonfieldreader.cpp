// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/util/jsonfieldreader.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>

namespace {

// Largest magnitude a double holds exactly as an integer: beyond it "whole"
// means nothing any more.
constexpr double maxExactInteger = 9007199254740992.0;

std::optional<qint64> asWhole(const QJsonValue &value)
{
    if (!value.isDouble())
        return std::nullopt;
    const double number = value.toDouble();
    if (!std::isfinite(number) || std::trunc(number) != number || std::fabs(number) > maxExactInteger)
        return std::nullopt;
    return static_cast<qint64>(number);
}

} // namespace

JsonFieldReader::JsonFieldReader(const QJsonObject &object, QString path)
    : m_object(object)
    , m_path(std::move(path))
{ }

QString JsonFieldReader::keyPath(QLatin1String key) const
{
    return childPath(QString(key));
}

QString JsonFieldReader::childPath(const QString &key) const
{
    if (m_path.isEmpty())
        return key;
    return m_path + u'.' + key;
}

void JsonFieldReader::fail(QLatin1String key, const QString &problem)
{
    m_problems.append(keyPath(key) + QStringLiteral(": ") + problem);
}

QString JsonFieldReader::describe(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null: return QStringLiteral("null");
    case QJsonValue::Bool: return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double: return QString::number(value.toDouble(), 'g', 17);
    case QJsonValue::String: return QStringLiteral("the string \"%1\"").arg(value.toString());
    case QJsonValue::Array: return QStringLiteral("an array");
    case QJsonValue::Object: return QStringLiteral("an object");
    case QJsonValue::Undefined: break;
    }
    return QStringLiteral("nothing");
}

std::optional<qint64> JsonFieldReader::readWhole(QLatin1String key, qint64 min, qint64 max)
{
    const auto it = m_object.constFind(key);
    if (it == m_object.constEnd())
        return std::nullopt;
    const auto value = asWhole(*it);
    if (!value) {
        fail(key, QStringLiteral("expected a whole number, got %1").arg(describe(*it)));
        return std::nullopt;
    }
    if (*value < min || *value > max) {
        fail(key, QStringLiteral("%1 is out of range (%2 to %3)").arg(*value).arg(min).arg(max));
        return std::nullopt;
    }
    return value;
}

std::optional<QJsonValue> JsonFieldReader::typed(QLatin1String key, bool (QJsonValue::*isType)() const,
                                                 const char *expected)
{
    const auto it = m_object.constFind(key);
    if (it == m_object.constEnd())
        return std::nullopt;
    const QJsonValue value = *it;
    if (!(value.*isType)()) {
        fail(key, QStringLiteral("expected %1, got %2").arg(QLatin1String(expected), describe(value)));
        return std::nullopt;
    }
    return value;
}

bool JsonFieldReader::readString(QLatin1String key, QString &target)
{
    const auto value = typed(key, &QJsonValue::isString, "a string");
    if (value)
        target = value->toString();
    return value.has_value();
}

void JsonFieldReader::milliseconds(QLatin1String key, std::chrono::milliseconds &target)
{
    qint64 value = target.count();
    wholeNumber(key, value);
    target = std::chrono::milliseconds(value);
}

void JsonFieldReader::number(QLatin1String key, double &target)
{
    if (const auto value = typed(key, &QJsonValue::isDouble, "a number"))
        target = value->toDouble();
}

void JsonFieldReader::boolean(QLatin1String key, bool &target)
{
    if (const auto value = typed(key, &QJsonValue::isBool, "true or false"))
        target = value->toBool();
}

void JsonFieldReader::string(QLatin1String key, QString &target)
{
    readString(key, target);
}

void JsonFieldReader::wholeNumberList(QLatin1String key, QList<int> &target)
{
    const auto value = typed(key, &QJsonValue::isArray, "an array of whole numbers");
    if (!value)
        return;
    QList<int> values;
    const QJsonArray array = value->toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const auto item = asWhole(array.at(i));
        if (!item || *item < std::numeric_limits<int>::min() || *item > std::numeric_limits<int>::max()) {
            fail(key, QStringLiteral("item %1: expected a whole number, got %2").arg(i).arg(describe(array.at(i))));
            return;
        }
        values.append(static_cast<int>(*item));
    }
    target = values;
}

bool JsonFieldReader::stringList(QLatin1String key, QStringList &target)
{
    const auto value = typed(key, &QJsonValue::isArray, "an array of strings");
    if (!value)
        return false;
    QStringList values;
    const QJsonArray array = value->toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        if (!array.at(i).isString()) {
            fail(key, QStringLiteral("item %1: expected a string, got %2").arg(i).arg(describe(array.at(i))));
            return false;
        }
        values.append(array.at(i).toString());
    }
    target = values;
    return true;
}

void JsonFieldReader::rejectUnknownKeys(const QList<QLatin1String> &known)
{
    for (auto it = m_object.constBegin(); it != m_object.constEnd(); ++it) {
        const QString key = it.key();
        if (std::none_of(known.cbegin(), known.cend(), [&key](QLatin1String name) { return key == name; }))
            m_problems.append(QStringLiteral("%1: unknown key").arg(childPath(it.key())));
    }
}
