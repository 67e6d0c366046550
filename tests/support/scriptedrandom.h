// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/util/randomsource.h"

#include <QList>

// Hands out the given unit values in order, starting over at the end, so a
// test states exactly which random draw each delay gets.
class ScriptedRandom final : public RandomSource
{
public:
    explicit ScriptedRandom(QList<double> values);

    [[nodiscard]] double nextUnit() override;
    [[nodiscard]] int draws() const { return m_draws; }

private:
    QList<double> m_values;
    int m_draws = 0;
};
