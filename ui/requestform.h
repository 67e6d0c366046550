// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/config/endpoint.h"

#include <QWidget>

struct CurlCommand;
class QCheckBox;
class QComboBox;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;
class QTableWidget;

// The endpoint editor's "Request" page: name, method, URL, headers, body,
// the statuses that count as success, interval, timeout and the switches.
class RequestForm final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RequestForm)

public:
    explicit RequestForm(QWidget *parent = nullptr);
    ~RequestForm() override;

    void setRequest(const Endpoint &endpoint);
    // The form's values into `endpoint`; the first problem in words (a
    // header without a name or twice, no name, no or a bad URL, a status
    // that is not a number), then the rest is read all the same.
    [[nodiscard]] QString read(Endpoint &endpoint) const;
    // Method, URL, headers, body and timeout from a parsed curl command; the
    // name too when it is empty.
    void fill(const CurlCommand &command);

signals:
    // The fields that do not report through a line edit, spin or check box.
    void changed();

private:
    void setHeaders(const QList<QPair<QString, QString>> &headers);

    QLineEdit *m_name = nullptr;
    QComboBox *m_method = nullptr;
    QLineEdit *m_url = nullptr;
    QTableWidget *m_headers = nullptr;
    QPlainTextEdit *m_body = nullptr;
    QLineEdit *m_expectStatus = nullptr;
    QSpinBox *m_interval = nullptr;
    QSpinBox *m_timeout = nullptr;
    QCheckBox *m_idempotencyKey = nullptr;
    QCheckBox *m_enabled = nullptr;
};
