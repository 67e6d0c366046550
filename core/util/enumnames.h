// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAnyStringView>
#include <QLatin1String>
#include <QList>

#include <array>
#include <optional>
#include <utility>

// A fixed table of enum values and the exact names the files and logs use, used
// for config keys, CSV columns and console output alike.
template<typename Enum, std::size_t N> using EnumNameTable = std::array<std::pair<Enum, const char *>, N>;

template<typename Enum, std::size_t N> QLatin1String enumName(const EnumNameTable<Enum, N> &table, Enum value)
{
    for (const auto &[candidate, name] : table) {
        if (candidate == value)
            return QLatin1String(name);
    }
    Q_UNREACHABLE();
    return {};
}

template<typename Enum, std::size_t N>
std::optional<Enum> enumFromName(const EnumNameTable<Enum, N> &table, QAnyStringView name)
{
    for (const auto &[value, text] : table) {
        if (name == QLatin1String(text))
            return value;
    }
    return std::nullopt;
}

template<typename Enum, std::size_t N> QList<Enum> enumValues(const EnumNameTable<Enum, N> &table)
{
    QList<Enum> values;
    for (const auto &entry : table)
        values.append(entry.first);
    return values;
}
