// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/commandline.h"
#include "core/config/endpointsfile.h"
#include "core/faultserver/faultserver.h"

#include <memory>
#include <optional>

// Where the endpoints come from (the command line in README.md): the built-in demo (with its own
// fault server on an ephemeral port), --config FILE, or the default file,
// created with the demo endpoints on first start.
struct EndpointSource
{
    EndpointsDocument document; // as the file spells them, for editing
    QList<Endpoint> endpoints; // document.endpoints
    QString watchPath; // the file to follow, empty for the demo
    std::unique_ptr<FaultServer> faultServer; // started for the demo set
    QStringList notes; // what a person should be told at start
    bool demo = false; // the demo endpoints: --demo, or the file just created with them
    QString error; // one line; the run stops
    // When the file was refused and its .bak loads: the .bak, loaded, for the
    // GUI to offer (the error already names it; watchPath is the file).
    QString backupPath;
    std::optional<EndpointsDocument> backup;
    int exitCode = 0; // 2 for a bad config, 1 for anything else
};

[[nodiscard]] EndpointSource openEndpointSource(const CommandLine &commandLine, const Clock &clock);
// A refused source that has a backup, running on the backup instead (the
// file itself stays the one that is watched and saved to).
[[nodiscard]] EndpointSource useBackup(EndpointSource refused);
