// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QProcessEnvironment>
#include <QStringList>

#include <optional>

// `${env:NAME}` references in header values (docs/endpoints-file.md).
namespace HeaderTemplate {

// The variable names a value refers to, in order.
[[nodiscard]] QStringList variables(const QString &value);

// The value with every reference replaced from `environment`; nullopt, with
// the first missing name in `missing`, when a variable is not set.
[[nodiscard]] std::optional<QString> resolve(const QString &value, const QProcessEnvironment &environment,
                                             QString *missing = nullptr);

} // namespace HeaderTemplate
