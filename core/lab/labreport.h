// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/config/endpoint.h"
#include "core/lab/figures.h"
#include "core/lab/labpolicy.h"

#include <QList>
#include <QMap>

#include <cstdint>

// The policy lab's report (docs/policy-lab.md): per endpoint, the recording
// itself, the endpoint's own policy replayed ("current"), and each candidate
// policy file replayed, with the self-check of how well "current" fits the
// recording.
namespace Lab {

struct ReportRow
{
    QString endpoint;
    QString policy; // "recording", "current", or a policy file's base name
    Figures figures;
    QString fit; // on the "current" row: "ok", or "poor"; else empty
};

struct Report
{
    QList<ReportRow> rows;
    QString error; // a candidate that makes an endpoint invalid, naming file and key; no rows then
};

// Whether replaying the recorded policy lands within 5 % of the recording's
// cycles and attempts sent and within 5 percentage points of its success.
[[nodiscard]] bool fits(const Figures &recording, const Figures &current);

// `records` by endpoint name; `settings` the endpoints as configured, by name
// (an endpoint missing there runs on the default settings); the policies
// read already. Endpoints in name order, each replayed with `seed`.
[[nodiscard]] Report buildReport(const QMap<QString, QList<AttemptRecord>> &records,
                                 const QMap<QString, Endpoint> &settings, const QList<PolicyFile> &policies,
                                 std::uint64_t seed);

// The report as a text table for the console, one block per endpoint.
[[nodiscard]] QString reportTable(const QList<ReportRow> &rows);
// The report CSV: RFC 4180 like the attempt log, the columns in the order
// docs/policy-lab.md gives.
[[nodiscard]] QByteArray reportCsv(const QList<ReportRow> &rows);

} // namespace Lab
