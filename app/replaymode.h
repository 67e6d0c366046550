// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/commandline.h"

// `retryscope --replay FILE`: the policy lab on the command line
// (docs/policy-lab.md). Reads the recording, replays each endpoint through
// its own policy and each --policy, prints the report as a table (and
// --report-csv), and returns the exit status: 0, 2 for a bad policy or
// endpoints file, 1 for anything else.
int runReplay(int &argc, char **argv, const CommandLine &commandLine);
