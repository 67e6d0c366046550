// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QProcessEnvironment>

// For the suites that run the real binary (tests/app/).

// The system environment without a display, with HOME and the XDG folders
// inside `home`, so that a run never touches a real user's files.
[[nodiscard]] QProcessEnvironment privateEnvironment(const QString &home);

// Writes `object` as an indented JSON file; false when it cannot.
[[nodiscard]] bool writeJsonFile(const QString &path, const QJsonObject &object);
