// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QTextStream>

// The headless demo until the monitor exists: prints what the default policy
// does under each jitter mode, with enough attempts to reach the cap.
void printPolicyDemo(QTextStream &out);
