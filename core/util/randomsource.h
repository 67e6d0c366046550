// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

#include <cstdint>
#include <random>

// Uniform random numbers for jitter. An interface so that tests can script the
// exact draws; the real source is seedable so that a run can be reproduced.
class RandomSource
{
public:
    RandomSource() = default;
    virtual ~RandomSource() = default;
    Q_DISABLE_COPY_MOVE(RandomSource)

    // A value uniformly distributed in [0, 1).
    [[nodiscard]] virtual double nextUnit() = 0;

    // A value uniformly distributed in [low, high); `low` when they are equal.
    [[nodiscard]] double uniform(double low, double high);
};

// A 64-bit Mersenne Twister. std::uniform_real_distribution is not used: its
// output is implementation-defined, whereas this mapping (the top 53 bits of
// each draw scaled to [0, 1)) gives the same numbers for a seed with every
// standard library, so seeded results can be written down in tests.
class SeededRandom final : public RandomSource
{
public:
    explicit SeededRandom(std::uint64_t seed);
    // Seeded from the operating system's entropy source.
    [[nodiscard]] static std::uint64_t entropySeed();

    [[nodiscard]] double nextUnit() override;

private:
    std::mt19937_64 m_engine;
};
