// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/config/headertemplate.h"

#include <QRegularExpression>

namespace {

const QRegularExpression &reference()
{
    static const QRegularExpression pattern(QStringLiteral(R"(\$\{env:([A-Za-z_][A-Za-z0-9_]*)\})"));
    return pattern;
}

} // namespace

QStringList HeaderTemplate::variables(const QString &value)
{
    QStringList names;
    for (auto it = reference().globalMatch(value); it.hasNext();)
        names.append(it.next().captured(1));
    return names;
}

std::optional<QString> HeaderTemplate::resolve(const QString &value, const QProcessEnvironment &environment,
                                               QString *missing)
{
    QString resolved;
    qsizetype last = 0;
    for (auto it = reference().globalMatch(value); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        const QString name = match.captured(1);
        if (!environment.contains(name)) {
            if (missing)
                *missing = name;
            return std::nullopt;
        }
        resolved += QStringView(value).sliced(last, match.capturedStart() - last);
        resolved += environment.value(name);
        last = match.capturedEnd();
    }
    resolved += QStringView(value).sliced(last);
    return resolved;
}
