// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/consoledemo.h"

#include "core/policy/policypreview.h"
#include "core/util/randomsource.h"

void printPolicyDemo(QTextStream &out)
{
    out << "Retryscope " RETRYSCOPE_VERSION " - retry policy preview (SPEC §2)\n"
        << "Each table shows, before every retry, the envelope e, the range every delay\n"
        << "falls in, and the delays drawn for five cycles (seeded, so runs repeat).\n";
    RetryPolicy policy;
    policy.maxAttempts = 8; // enough retries to reach the 30 s cap
    for (const JitterMode mode : allJitterModes()) {
        policy.jitter = mode;
        SeededRandom random(2026);
        out << '\n' << formatPreview(policy, previewPolicy(policy, random, 5));
    }
    out.flush();
}
