// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/commandline.h"
#include "core/monitor/monitor.h"
#include "core/store/history.h"

// Opens the history (the demo's own database for --demo), connects the
// monitor's records to it, and, for real services, restores the breaker
// states and Retry-After moments it kept. An error message (the run then goes
// on without history), or empty; `note` says where the history lives.
[[nodiscard]] QString setUpHistory(History &history, Monitor &monitor, const CommandLine &commandLine,
                                   const QList<Endpoint> &endpoints, QString *note);
