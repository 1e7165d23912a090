// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArrayView>
#include <QStringView>

#include "blockprefaulter.h"
#include "hugeblock.h"

#include <cstring>

#include <memory>
#include <vector>

namespace ts::ui {

/// Append-only store of UTF-8 strings in large blocks: no allocation per string, and a text
/// filter scans memory that is mostly contiguous. Stored strings never move (their pointers
/// stay valid until clear()) and are NUL-terminated.
class TextArena
{
public:
    struct Ref
    {
        const char *data = nullptr;
        quint32 size = 0; ///< bytes, without the terminating NUL
    };

    /// Blocks come from prefaulter (one prepared ahead) when set; it must outlive the arena.
    void setPrefaulter(BlockPrefaulter *prefaulter) { m_prefaulter = prefaulter; }
    /// Copies text as UTF-8. A second string (the text's case-folded copy) is stored right
    /// after it in the same block, where second() finds it.
    Ref append(QStringView text, QStringView second = {});
    /// The second string stored with a text (only for texts appended with one).
    static QByteArrayView second(const char *text, quint32 size)
    {
        quint32 n = 0;
        std::memcpy(&n, text + size + 1, sizeof n);
        return QByteArrayView(text + size + 1 + sizeof n, n);
    }
    void clear();
    /// Bytes reserved by the blocks.
    qint64 capacityBytes() const;

private:
    static char *encode(char *out, QStringView text);
    struct Block
    {
        HugeArray<char> bytes;
        size_t size = 0;
        size_t used = 0;
    };
    std::vector<Block> m_blocks;
    BlockPrefaulter *m_prefaulter = nullptr;
};

} // namespace ts::ui
