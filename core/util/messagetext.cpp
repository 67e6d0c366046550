// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/util/messagetext.h"

#include <algorithm>

namespace {

bool isControl(char16_t c)
{
    return c < 0x20 || c == 0x7f;
}

} // namespace

QString MessageText::oneLine(const QString &text)
{
    const auto firstControl = std::find_if(text.cbegin(), text.cend(), [](QChar c) { return isControl(c.unicode()); });
    if (firstControl == text.cend())
        return text;
    QString out;
    out.reserve(text.size() + 8);
    for (const QChar c : text) {
        switch (c.unicode()) {
        case u'\n': out += QLatin1String("\\n"); break;
        case u'\r': out += QLatin1String("\\r"); break;
        case u'\t': out += QLatin1String("\\t"); break;
        default:
            if (isControl(c.unicode()))
                out += QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0'));
            else
                out += c;
        }
    }
    return out;
}

QString MessageText::bytes(QByteArrayView value, qsizetype limit)
{
    QString text = oneLine(QString::fromLatin1(value.first(std::min(value.size(), limit))));
    if (value.size() > limit)
        text += QStringLiteral("...");
    return text;
}
