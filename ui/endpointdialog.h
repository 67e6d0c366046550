// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/config/endpointsfile.h"

#include <QDateTime>
#include <QDialog>

#include <memory>

class BreakerBudgetForm;
class ChecksForm;
class ConnectionForm;
class FormWords;
class QTabWidget;
class RequestForm;
class RetryForm;
class QDialogButtonBox;
class QLabel;
class WhatIfPanel;

// Adds or edits one endpoint: every key of docs/endpoints-file.md, a live policy preview
// with the worst-case cycle time, plain-words lint warnings, and "paste a
// curl command". OK stays disabled, with the reason shown, until the whole
// document with this endpoint in it would load from a file.
class EndpointDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EndpointDialog)

public:
    // `index` is the endpoint being edited in `document`, or -1 for a new
    // one; the form starts from `initial`.
    EndpointDialog(const EndpointsDocument &document, qsizetype index, const Endpoint &initial,
                   const QProcessEnvironment &environment, QWidget *parent = nullptr);
    ~EndpointDialog() override;

    // The endpoint as the form has it, and the document that results.
    [[nodiscard]] Endpoint endpoint() const;
    [[nodiscard]] const EndpointsLoadResult &result() const { return m_result; }
    // Why OK is disabled; empty when it is enabled.
    [[nodiscard]] QString problem() const;
    [[nodiscard]] QStringList warnings() const;

    // Fills method, URL, headers, body (and the timeout from --max-time)
    // from a curl command line; false, with the reason shown, when the text
    // is not one.
    bool importCurl(const QString &text);

    // The certificate the endpoint's server presented last (its expiry, as
    // the monitor saw it at `nowUtc`): the lint warns when it is within
    // tlsExpiryWarningDays. Invalid: none seen.
    void setObservedCertificate(const QDateTime &expiryUtc, const QDateTime &nowUtc);

    // The policy lab page replays the endpoint's recorded traffic from the
    // history at `historyPath` (empty: none is kept), up to `nowUtc`.
    void setRecording(const QString &historyPath, const QDateTime &nowUtc);
    [[nodiscard]] WhatIfPanel *lab() const { return m_lab; }

private:
    // Sets the field of `keyPath` (a sweep's chosen value).
    void setKey(const QString &keyPath, double value);
    void setForm(const Endpoint &endpoint);
    void pasteCurl();
    void validate();
    // The text fields parsed into `endpoint`; the first problem, or empty.
    [[nodiscard]] QString readTextFields(Endpoint &endpoint) const;
    // The policy lint plus what was observed of the server.
    [[nodiscard]] QStringList lintAll(const Endpoint &endpoint) const;

    EndpointsDocument m_document;
    qsizetype m_index;
    QProcessEnvironment m_environment;
    Endpoint m_base; // keys the form does not show keep these values
    EndpointsLoadResult m_result;
    bool m_filling = false;
    QDateTime m_certificateExpiryUtc;
    QDateTime m_certificateSeenAtUtc;

    RequestForm *m_request = nullptr;
    RetryForm *m_retry = nullptr;
    BreakerBudgetForm *m_breakerBudget = nullptr;
    ChecksForm *m_checks = nullptr;
    ConnectionForm *m_connection = nullptr;
    WhatIfPanel *m_lab = nullptr;

    QLabel *m_cycleTime = nullptr;
    QLabel *m_warnings = nullptr;
    QLabel *m_problem = nullptr;
    QTabWidget *m_tabs = nullptr;
    std::unique_ptr<FormWords> m_words; // problems in the form's own words
    QLabel *m_curlNote = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};
