// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

// `retryscope --fault-server PORT`: only the built-in fault server, until
// SIGINT or SIGTERM. Returns the process exit status.
int runFaultServer(int &argc, char **argv, quint16 port);
