// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/commandline.h"

// With a display: the dashboard over the monitor.
int runGui(int &argc, char **argv, const CommandLine &commandLine);
