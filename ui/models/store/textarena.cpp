// SPDX-License-Identifier: MIT
#include "textarena.h"

#include <QStringEncoder>

#include <algorithm>

namespace ts::ui {

namespace {
constexpr size_t kBlockSize = 4 << 20;
}

TextArena::Ref TextArena::append(QStringView text, QStringView second)
{
    // A UTF-16 code unit becomes at most 3 UTF-8 bytes (a surrogate pair, 2 units, becomes 4).
    const size_t worst = size_t(text.size()) * 3 + 1 + (second.isNull() ? 0 : sizeof(quint32) + second.size() * 3 + 1);
    if (m_blocks.empty() || m_blocks.back().size - m_blocks.back().used < worst) {
        const size_t size = std::max(kBlockSize, worst);
        if (m_prefaulter && size == kBlockSize) {
            m_blocks.push_back({ m_prefaulter->takeArray<char>(size), size, 0 });
            m_prefaulter->prepare(kBlockSize, 2); // a block holds ~25 k tweets: two ahead ride out a busy moment
        } else {
            m_blocks.push_back({ allocateHugeArray<char>(size), size, 0 });
        }
    }
    Block &block = m_blocks.back();
    char *begin = block.bytes.get() + block.used;
    char *end = encode(begin, text);
    *end = '\0';
    char *next = end + 1;
    if (!second.isNull()) {
        char *secondBegin = next + sizeof(quint32);
        char *secondEnd = encode(secondBegin, second);
        *secondEnd = '\0';
        const auto n = quint32(secondEnd - secondBegin);
        std::memcpy(next, &n, sizeof n);
        next = secondEnd + 1;
    }
    block.used += size_t(next - begin);
    return { begin, quint32(end - begin) };
}

char *TextArena::encode(char *out, QStringView text)
{
    // Most tweets are ASCII: copy those bytes straight, the encoder takes the rest.
    const char16_t *p = text.utf16();
    const qsizetype n = text.size();
    qsizetype i = 0;
    while (i < n && p[i] < 0x80)
        *out++ = char(p[i++]);
    if (i == n)
        return out;
    QStringEncoder encoder(QStringEncoder::Utf8);
    return encoder.appendToBuffer(out, text.sliced(i));
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
