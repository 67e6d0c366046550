// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

// Ports on 127.0.0.1 for the servers tests start.
namespace LocalPorts {

// A port nothing listens on (also: a free port for a server a test starts).
[[nodiscard]] quint16 closed();
// Whether something accepts connections on that port (a server a test started is up).
[[nodiscard]] bool acceptsConnections(quint16 port);

} // namespace LocalPorts
