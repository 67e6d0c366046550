// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/store/historyqueries.h"

#include <QDialog>

class QComboBox;
class QDateTimeEdit;
class QListWidget;

// What to export: a time range (everything kept, the last hour, day or
// week, or from-to) and which endpoints.
class ExportDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExportDialog)

public:
    ExportDialog(const QString &title, const QStringList &endpoints, const QDateTime &nowUtc,
                 QWidget *parent = nullptr);
    ~ExportDialog() override;

    // The chosen range; `endpoints` empty when all are chosen.
    [[nodiscard]] HistoryRange range() const;

private:
    void updateState();

    QDateTime m_now;
    QComboBox *m_span = nullptr;
    QDateTimeEdit *m_from = nullptr;
    QDateTimeEdit *m_to = nullptr;
    QListWidget *m_endpoints = nullptr;
};
