// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/util/fieldtable.h"

#include <QLocale>

#include <cmath>

namespace {

// Whole-number bounds at or above this read as "no upper bound": the longest
// duration a Qt timer waits is a limit of the program, not a choice to explain.
constexpr double practicallyUnbounded = 2147483647.0;

QString number(double value)
{
    return QString::number(value, 'g', 15);
}

bool isWholeKind(FieldKind kind)
{
    return kind == FieldKind::Whole || kind == FieldKind::Milliseconds || kind == FieldKind::StatusList;
}

bool inRange(const FieldInfo &field, double value)
{
    if (!std::isfinite(value))
        return false;
    const bool low = field.aboveMin ? value > field.min : value >= field.min;
    const bool high = field.belowMax ? value < field.max : value <= field.max;
    return low && high;
}

} // namespace

QString fieldRangeProblem(const FieldInfo &field, double value)
{
    if (inRange(field, value))
        return {};
    if (field.kind == FieldKind::StatusList)
        return QStringLiteral("%1 is not an HTTP status (%2-%3)")
            .arg(number(value), number(field.min), number(field.max));
    if (isWholeKind(field.kind)) {
        if (std::isinf(field.max))
            return QStringLiteral("must be at least %1 (got %2)").arg(number(field.min), number(value));
        return QStringLiteral("must be from %1 to %2 (got %3)")
            .arg(number(field.min), number(field.max), number(value));
    }
    QString bounds = (field.aboveMin ? QStringLiteral("above %1") : QStringLiteral(">= %1")).arg(number(field.min));
    if (std::isfinite(field.max))
        bounds += (field.belowMax ? QStringLiteral(" and < %1") : QStringLiteral(" and at most %1"))
                      .arg(number(field.max));
    return QStringLiteral("must be a number %1 (got %2)").arg(bounds, number(value));
}

QString fieldRangeText(const FieldInfo &field)
{
    const QLocale locale;
    const QString unit = field.kind == FieldKind::Milliseconds ? QStringLiteral(" ms") : QString();
    const auto shown = [&](double value) -> QString {
        return (isWholeKind(field.kind) ? locale.toString(qint64(value)) : number(value)) + unit;
    };
    const bool bounded = std::isfinite(field.max) && !(isWholeKind(field.kind) && field.max >= practicallyUnbounded);
    switch (field.kind) {
    case FieldKind::StatusList: return QStringLiteral("Each from %1 to %2.").arg(number(field.min), number(field.max));
    case FieldKind::Whole:
    case FieldKind::Milliseconds:
        if (bounded)
            return QStringLiteral("From %1 to %2.").arg(shown(field.min), shown(field.max));
        return field.min > 0 ? QStringLiteral("At least %1.").arg(shown(field.min)) : QString();
    case FieldKind::Number: {
        QString text
            = (field.aboveMin ? QStringLiteral("Above %1") : QStringLiteral("At least %1")).arg(shown(field.min));
        if (bounded)
            text += (field.belowMax ? QStringLiteral(", below %1") : QStringLiteral(", at most %1"))
                        .arg(shown(field.max));
        return text + u'.';
    }
    default: return {};
    }
}

QString fieldDefaultText(const FieldInfo &field, const QJsonValue &value)
{
    if (field.required)
        return QStringLiteral("none (required)");
    const QString off = field.offText ? QString::fromUtf8(field.offText) : QString();
    switch (field.kind) {
    case FieldKind::Flag: return value.toBool() ? QStringLiteral("on") : QStringLiteral("off");
    case FieldKind::Whole:
    case FieldKind::Milliseconds:
    case FieldKind::Number: {
        const double number = value.toDouble();
        QString text = QString::number(number, 'g', 15);
        if (field.kind == FieldKind::Number && !text.contains(u'.') && !text.contains(u'e'))
            text += QStringLiteral(".0");
        if (field.kind == FieldKind::Milliseconds)
            text += QStringLiteral(" ms");
        return !off.isEmpty() && number == field.min ? QStringLiteral("%1 (%2)").arg(text, off) : text;
    }
    case FieldKind::Text:
    case FieldKind::Choice:
        return value.toString().isEmpty() ? (off.isEmpty() ? QStringLiteral("empty") : off) : value.toString();
    case FieldKind::StatusList:
    case FieldKind::NameList: {
        QStringList items;
        for (const QJsonValue item : value.toArray())
            items.append(item.isString() ? item.toString() : QString::number(item.toInteger()));
        return items.isEmpty() ? (off.isEmpty() ? QStringLiteral("none") : off) : items.join(QStringLiteral(", "));
    }
    case FieldKind::Headers: return value.toObject().isEmpty() ? QStringLiteral("none") : QString();
    case FieldKind::Url:
    case FieldKind::Object: break;
    }
    return {};
}
