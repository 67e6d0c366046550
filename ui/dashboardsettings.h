// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSettings>

// The dashboard's own settings (window geometry, dock layout, choices such
// as notifications): ~/.config/retryscope/dashboard.conf on Linux, next to
// the endpoints file, whatever the organisation name.
class DashboardSettings final : public QSettings
{
public:
    DashboardSettings()
        : QSettings(QSettings::UserScope, QStringLiteral("retryscope"), QStringLiteral("dashboard"))
    { }
};
