// SPDX-License-Identifier: GPL-3.0-or-later
// The attempt-log reader (core/store/attemptlogreader, core/store/csvreader),
// which reads files people hand to the policy lab. Input: the file's bytes.
// Invariants: either records or an error, never both; an error is one line
// that says where ("line N...") or that the file is empty; what was read,
// written again as the attempt log writes it and read once more, reads back
// to the same lines (the reader keeps every value the writer can write).
#include "core/store/attemptlogreader.h"
#include "core/store/csv.h"
#include "core/store/recordcsv.h"
#include "tests/fuzz/fuzzsupport.h"

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input = Fuzz::bytes(data, size);
    const AttemptLogRead read = readAttemptLog(input);
    if (!read.ok()) {
        Fuzz::check(read.records.isEmpty(), "records beside an error", read.error.toUtf8());
        Fuzz::check(read.error.startsWith(QLatin1String("line ")) || read.error == QLatin1String("the file is empty"),
                    "an error that does not say where", read.error.toUtf8());
        Fuzz::check(!read.error.contains(u'\n') && !read.error.contains(u'\r'), "an error of more than one line",
                    read.error.toUtf8());
        return 0;
    }
    Fuzz::check(read.version == 1 || read.version == 2, "a version neither 1 nor 2");
    QByteArray again = Csv::line(RecordCsv::attemptHeader());
    QList<QByteArray> lines;
    for (const AttemptRecord &r : read.records) {
        lines.append(RecordCsv::attemptLine(r));
        again += lines.last();
    }
    const AttemptLogRead reread = readAttemptLog(again);
    Fuzz::check(reread.ok(), "what was read does not read again", reread.error.toUtf8());
    Fuzz::check(reread.records.size() == read.records.size(), "a different number of records the second time");
    for (qsizetype i = 0; i < lines.size(); ++i)
        Fuzz::check(RecordCsv::attemptLine(reread.records[i]) == lines[i], "a record changed on the way round",
                    lines[i]);
    return 0;
}
