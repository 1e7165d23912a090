// SPDX-License-Identifier: MIT
#pragma once

#include <QStringView>

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

    /// Copies text as UTF-8.
    Ref append(QStringView text);
    void clear();
    /// Bytes reserved by the blocks.
    qint64 capacityBytes() const;

private:
    struct Block
    {
        std::unique_ptr<char[]> bytes;
        size_t size = 0;
        size_t used = 0;
    };
    std::vector<Block> m_blocks;
};

} // namespace ts::ui
