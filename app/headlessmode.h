// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/commandline.h"

// `--headless` (or no display): the monitor with console output and the CSV
// logs the command line in README.md asks for, until --duration ends, or SIGINT/SIGTERM.
int runHeadless(int &argc, char **argv, const CommandLine &commandLine);
