// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/breaker/circuitbreaker.h"

#include <QObject>

class QMenu;
class QSystemTrayIcon;

// The tray icon, coloured (and shaped) by the worst breaker state, with an
// optional desktop notification for every breaker transition. Where the
// desktop has no tray it does nothing, and says so through available().
class TrayIndicator final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrayIndicator)

public:
    explicit TrayIndicator(QMenu *menu, QObject *parent = nullptr);
    ~TrayIndicator() override;

    [[nodiscard]] bool available() const { return m_tray != nullptr; }
    [[nodiscard]] BreakerState state() const { return m_state; }
    void setState(BreakerState worst, const QString &summary);

    [[nodiscard]] bool notificationsEnabled() const { return m_notify; }
    void setNotificationsEnabled(bool enabled) { m_notify = enabled; }
    void notify(const BreakerTransition &transition);

signals:
    void activated();

private:
    QSystemTrayIcon *m_tray = nullptr;
    BreakerState m_state = BreakerState::Closed;
    bool m_notify = false;
};
