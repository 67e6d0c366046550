// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QJsonObject>
#include <QUrl>

// The demo endpoints: a healthy service, a flaky one whose retries rescue
// nearly every cycle, one that fails more often than its retry budget allows
// (retries stop), one with periodic outages (its breaker opens, probes and
// closes), a rate-limited one with Retry-After, one that paces itself by the
// quota its server announces, a sluggish one whose slow calls can open its
// breaker, one whose JSON answer fails its check, an unauthorized one, a slow
// one that times out and a refused connection. Tuned so that each behaviour
// shows within 15 seconds.
// `faultServer` is the fault server's base URL; `refusedPort` a port on
// 127.0.0.1 that nothing listens on.
[[nodiscard]] QJsonObject demoEndpointsJson(const QUrl &faultServer, quint16 refusedPort);

// For each demo endpoint by name: what it shows and what to look for, a
// sentence or two for a newcomer.
[[nodiscard]] QHash<QString, QString> demoEndpointNotes();

// The port the fault server uses for the endpoints file created on first
// start, and the closed port its "refused" endpoint uses.
inline constexpr quint16 defaultFaultServerPort = 47600;
inline constexpr quint16 defaultRefusedPort = 9;
