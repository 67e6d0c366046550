// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/util/randomsource.h"

#include <QRandomGenerator>

double RandomSource::uniform(double low, double high)
{
    return low + (high - low) * nextUnit();
}

SeededRandom::SeededRandom(std::uint64_t seed)
    : m_engine(seed)
{ }

std::uint64_t SeededRandom::entropySeed()
{
    return QRandomGenerator::system()->generate64();
}

double SeededRandom::nextUnit()
{
    constexpr double twoToMinus53 = 1.0 / 9007199254740992.0;
    return static_cast<double>(m_engine() >> 11) * twoToMinus53;
}
