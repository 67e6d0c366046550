// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/config/endpointsfile.h"

// Changes to an endpoints document, as the GUI makes them. Each returns the
// whole new document validated as if loaded from a file (names unique,
// shared keys identical, `${env:NAME}` set), or the first problem.
namespace EndpointsEdit {

// Puts `endpoint` at `index` (replacing what is there), or appends it when
// `index` is -1. A problem with the endpoint itself reads "key: problem".
[[nodiscard]] EndpointsLoadResult put(const EndpointsDocument &document, qsizetype index, const Endpoint &endpoint,
                                      const QProcessEnvironment &environment);

[[nodiscard]] EndpointsLoadResult remove(const EndpointsDocument &document, qsizetype index,
                                         const QProcessEnvironment &environment);

// The position of the endpoint called `name`, or -1.
[[nodiscard]] qsizetype indexOf(const EndpointsDocument &document, const QString &name);

// A name for a copy of `name` that no endpoint has: "api (copy)", "api (copy 2)", ...
[[nodiscard]] QString copyName(const EndpointsDocument &document, const QString &name);

} // namespace EndpointsEdit
