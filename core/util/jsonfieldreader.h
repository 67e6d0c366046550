// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QStringList>

#include <chrono>
#include <limits>
#include <optional>

// Reads typed fields out of one JSON object of a config file and collects a
// message for every problem, each naming the full key path ("retry.maxAttempts").
// A key that is absent leaves the target untouched, so reading on top of a
// default value implements "defaults merge key by key". Range rules that
// involve more than one key belong to the value type's own validate().
class JsonFieldReader
{
public:
    JsonFieldReader(const QJsonObject &object, QString path);

    // A whole number (docs/endpoints-file.md: `5` and `5.0` alike) that fits in T.
    template<typename T> void wholeNumber(QLatin1String key, T &target)
    {
        if (const auto value = readWhole(key, std::numeric_limits<T>::min(), std::numeric_limits<T>::max()))
            target = static_cast<T>(*value);
    }
    void milliseconds(QLatin1String key, std::chrono::milliseconds &target);
    void number(QLatin1String key, double &target);
    void boolean(QLatin1String key, bool &target);
    void string(QLatin1String key, QString &target);
    void wholeNumberList(QLatin1String key, QList<int> &target);
    // True when the key was present and held an array of strings.
    bool stringList(QLatin1String key, QStringList &target);

    // A name from a closed set; `parse` maps it, `expected` lists the choices
    // for the message.
    template<typename Enum>
    void name(QLatin1String key, std::optional<Enum> (*parse)(QAnyStringView), const QString &expected, Enum &target)
    {
        QString text;
        if (!readString(key, text))
            return;
        if (const auto value = parse(text))
            target = *value;
        else
            fail(key, QStringLiteral("unknown value \"%1\" (expected %2)").arg(text, expected));
    }

    // The value at `key` whatever its type, when present (a key that takes
    // any JSON value, such as assert.equals).
    [[nodiscard]] std::optional<QJsonValue> anyValue(QLatin1String key) const
    {
        const auto it = m_object.constFind(key);
        return it == m_object.constEnd() ? std::nullopt : std::optional<QJsonValue>(*it);
    }

    // Records a problem for every key of the object that is not in `known`.
    void rejectUnknownKeys(const QList<QLatin1String> &known);
    void fail(QLatin1String key, const QString &problem);

    [[nodiscard]] QString keyPath(QLatin1String key) const;
    [[nodiscard]] const QStringList &problems() const { return m_problems; }
    [[nodiscard]] static QString describe(const QJsonValue &value);

private:
    [[nodiscard]] QString childPath(const QString &key) const;
    std::optional<qint64> readWhole(QLatin1String key, qint64 min, qint64 max);
    bool readString(QLatin1String key, QString &target);
    // The value at `key` when present and of the type `isType` checks;
    // records "expected <expected>, got ..." when it is of another type.
    std::optional<QJsonValue> typed(QLatin1String key, bool (QJsonValue::*isType)() const, const char *expected);

    QJsonObject m_object;
    QString m_path;
    QStringList m_problems;
};
