// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/config/endpoint.h"

#include <QString>

// The endpoint editor's preview in words (rich text, one paragraph per
// rule): the worst-case cycle, what the retry budget and the breaker will do
// (when it opens, how long it stays open with its jitter, the slow-call
// rule), what an announced rate limit does, the response checks and the
// certificate warning. Each sentence states numbers the user can hold an
// outage against; rules that are off are left out.
[[nodiscard]] QString policySummaryHtml(const Endpoint &endpoint);
