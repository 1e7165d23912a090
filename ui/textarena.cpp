// SPDX-License-Identifier: MIT
#include "textarena.h"

#include <QStringEncoder>

#include <algorithm>

namespace ts::ui {

namespace {
constexpr size_t kBlockSize = 4 << 20;
}

TextArena::Ref TextArena::append(QStringView text)
{
    // A UTF-16 code unit becomes at most 3 UTF-8 bytes (a surrogate pair, 2 units, becomes 4).
    const size_t worst = size_t(text.size()) * 3 + 1;
    if (m_blocks.empty() || m_blocks.back().size - m_blocks.back().used < worst) {
        const size_t size = std::max(kBlockSize, worst);
        m_blocks.push_back({ std::make_unique_for_overwrite<char[]>(size), size, 0 });
    }
    Block &block = m_blocks.back();
    char *begin = block.bytes.get() + block.used;
    QStringEncoder encoder(QStringEncoder::Utf8);
    char *end = encoder.appendToBuffer(begin, text);
    *end = '\0';
    block.used += size_t(end - begin) + 1;
    return { begin, quint32(end - begin) };
}

void TextArena::clear()
{
    m_blocks.clear();
}

qint64 TextArena::capacityBytes() const
{
    qint64 total = 0;
    for (const Block &b : m_blocks)
        total += qint64(b.size);
    return total;
}

} // namespace ts::ui
