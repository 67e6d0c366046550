// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QUrl>

#include <algorithm>
#include <chrono>

// The endpoints file's top-level `connectivity` object (docs/networks.md):
// a URL whose 2xx answer means this machine is online, asked every
// `intervalMs`. Without `checkUrl` the monitor is always online.
struct ConnectivitySettings
{
    static constexpr std::chrono::milliseconds minimumInterval{100};
    static constexpr std::chrono::milliseconds longestTimeout{5000};

    QUrl checkUrl; // empty: no check
    std::chrono::milliseconds interval{10000};

    [[nodiscard]] bool enabled() const { return !checkUrl.isEmpty(); }
    // Each check gives up after min(5 s, the interval).
    [[nodiscard]] std::chrono::milliseconds timeout() const { return std::min(longestTimeout, interval); }

    friend bool operator==(const ConnectivitySettings &, const ConnectivitySettings &) = default;
};

// Reads the object (absent: no check); the problem names the key
// ("connectivity.intervalMs: ...").
[[nodiscard]] QString readConnectivity(const QJsonValue &value, ConnectivitySettings &settings);
// The object as the file writes it; empty when there is no check.
[[nodiscard]] QJsonObject toJson(const ConnectivitySettings &settings);
