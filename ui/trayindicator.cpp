// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/trayindicator.h"

#include "ui/breakerstyle.h"

#include <QMenu>
#include <QSystemTrayIcon>

TrayIndicator::TrayIndicator(QMenu *menu, QObject *parent)
    : QObject(parent)
{
    if (!QSystemTrayIcon::isSystemTrayAvailable())
        return;
    m_tray = new QSystemTrayIcon(BreakerStyle::icon(m_state), this);
    m_tray->setContextMenu(menu);
    m_tray->setToolTip(tr("Retryscope"));
    connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick)
            emit activated();
    });
    m_tray->show();
}

TrayIndicator::~TrayIndicator() = default;

void TrayIndicator::setState(BreakerState worst, const QString &summary)
{
    if (m_tray && worst != m_state)
        m_tray->setIcon(BreakerStyle::icon(worst));
    m_state = worst;
    if (m_tray)
        m_tray->setToolTip(tr("Retryscope — %1").arg(summary));
}

void TrayIndicator::notify(const BreakerTransition &transition)
{
    if (!m_tray || !m_notify || !QSystemTrayIcon::supportsMessages())
        return;
    const bool bad = transition.to == BreakerState::Open || transition.to == BreakerState::ForcedOpen;
    m_tray->showMessage(
        tr("%1: breaker %2").arg(transition.breaker, BreakerStyle::label(transition.to)),
        tr("%1 → %2: %3")
            .arg(BreakerStyle::label(transition.from), BreakerStyle::label(transition.to), transition.reason),
        bad ? QSystemTrayIcon::Warning : QSystemTrayIcon::Information, 5000);
}
