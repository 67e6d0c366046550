// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QStringList>

#include <cstring>

// RFC 4180 as docs/attempt-log.md wants it: UTF-8, comma separator, CRLF line ends,
// fields with a comma, quote, CR or LF quoted with quotes doubled. Written by
// hand because Qt has no CSV writer; it is twenty lines.
namespace Csv {

// A text field that starts with =, +, -, @, tab or CR gets a leading '
// so that spreadsheets do not run it as a formula.
[[nodiscard]] QString guardFormula(const QString &text);

// One field, quoted where needed. `text` is written as given.
[[nodiscard]] QByteArray field(const QString &text);

// Appends one UTF-8 field to `out`, quoted where needed; with `guard`, the
// formula guard too. The byte-level twin of field(), for bulk export.
void appendField(QByteArray &out, QByteArrayView utf8, bool guard);

// Writes CSV bytes straight into a QByteArray through a pointer, growing it in
// large steps: the bulk export writes millions of fields, and QByteArray's
// append() costs a function call and checks per byte run. Call reserve()
// with a bound before each row; finish() trims the array to what was written.
class Writer
{
public:
    explicit Writer(QByteArray &out);
    ~Writer() { finish(); }
    Q_DISABLE_COPY_MOVE(Writer)

    void reserve(qsizetype bytes)
    {
        if (m_size + bytes > m_out.size())
            grow(bytes);
    }
    // Room for `n` bytes, to be written by the caller.
    [[nodiscard]] char *claim(qsizetype n)
    {
        Q_ASSERT(m_size + n <= m_out.size());
        char *at = m_base + m_size;
        m_size += n;
        return at;
    }
    void raw(QByteArrayView bytes)
    {
        if (!bytes.isEmpty()) // an empty view may have no data at all, and memcpy wants some
            std::memcpy(claim(bytes.size()), bytes.data(), size_t(bytes.size()));
    }
    void put(char c) { *claim(1) = c; }
    void integer(qint64 value);
    void field(QByteArrayView utf8, bool guard);
    [[nodiscard]] qsizetype size() const { return m_size; }
    void finish();
    // Continues after the array was changed from outside (written out and
    // cleared, say).
    void rebase()
    {
        m_size = m_out.size();
        m_base = m_out.data();
    }

private:
    void grow(qsizetype bytes);

    QByteArray &m_out;
    qsizetype m_size;
    char *m_base; // m_out's bytes, valid until the next resize
};

// The most bytes field() can write for `utf8`.
[[nodiscard]] inline qsizetype fieldBound(QByteArrayView utf8)
{
    return 2 * utf8.size() + 3;
}

// One line: the fields joined by commas, ended by CRLF. Fields in
// `textColumns` (by index) get the formula guard.
[[nodiscard]] QByteArray line(const QStringList &fields, const QList<int> &textColumns = {});

} // namespace Csv
