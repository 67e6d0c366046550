// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

// A policy read from the endpoints file, with every problem found on the
// way, each naming its key. The policy is only meaningful when ok().
template<typename Policy> struct PolicyReadResult
{
    Policy policy;
    QStringList problems;

    [[nodiscard]] bool ok() const { return problems.isEmpty(); }
};
