// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/scriptedrandom.h"

ScriptedRandom::ScriptedRandom(QList<double> values)
    : m_values(std::move(values))
{
    Q_ASSERT(!m_values.isEmpty());
}

double ScriptedRandom::nextUnit()
{
    return m_values.at(m_draws++ % m_values.size());
}
