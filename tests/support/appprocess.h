// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QUrl>

// For the suites that run the real binary (tests/app/).

// The system environment without a display, with HOME and the XDG folders
// inside `home`, so that a run never touches a real user's files.
[[nodiscard]] QProcessEnvironment privateEnvironment(const QString &home);

// A run of the binary to its end: exit status (-2 when it crashed, -1 when
// it did not end within the time and was killed) and what it printed.
struct ProgramRun
{
    int exitCode = -1;
    QString out;
    QString err;
};
[[nodiscard]] ProgramRun runToEnd(const QString &binary, const QStringList &arguments,
                                  const QProcessEnvironment &environment, int timeoutMs = 60000);

// Writes `object` as an indented JSON file; false when it cannot.
[[nodiscard]] bool writeJsonFile(const QString &path, const QJsonObject &object);

// Starts `<binary> --headless --metrics-port 0 [--config <config>]` plus
// `extra` with a private HOME (no --config when `config` is empty), and waits (at most `timeoutMs`) for the
// "metrics at <url>" line it prints. An empty URL when it did not come;
// what was printed so far is in `out`.
[[nodiscard]] QUrl startAgent(QProcess &agent, const QString &binary, const QString &home, const QString &config,
                              const QStringList &extra, QByteArray &out, int timeoutMs = 20000);
