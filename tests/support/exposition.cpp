// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/exposition.h"

#include <QList>

QHash<QByteArray, double> exposedSamples(const QByteArray &exposition)
{
    QHash<QByteArray, double> out;
    for (const QByteArray &line : exposition.split('\n')) {
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        const qsizetype space = line.lastIndexOf(' ');
        out.insert(line.left(space), line.mid(space + 1).toDouble());
    }
    return out;
}
