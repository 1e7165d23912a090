// SPDX-License-Identifier: MIT
#include "readbuffer.h"

#include <QIODevice>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>

namespace ts {

ReadBuffer::~ReadBuffer()
{
    std::free(m_data);
}

void ReadBuffer::resize(size_t size)
{
    char *p = static_cast<char *>(std::realloc(m_data, size));
    if (!p)
        throw std::bad_alloc();
    m_data = p;
    m_size = size;
}

qint64 ReadBuffer::fill(QIODevice *device, qsizetype keep, size_t cap)
{
    if (keep > 0) {
        std::memmove(m_data, m_data + keep, size_t(end - keep));
        end -= keep;
    }
    if (qsizetype(m_size) - end < chunkSize / 2)
        resize(std::max(std::min(std::max(m_size * 2, size_t(chunkSize)), cap), size_t(end) + size_t(chunkSize)));
    const qint64 n = device->read(m_data + end, qint64(m_size) - end);
    if (n <= 0) {
        eof = true;
        return n;
    }
    end += n;
    bytesRead += n;
    return n;
}

qsizetype ReadBuffer::takeByteOrderMark()
{
    // Known once 3 bytes are in: a 1-2 byte first read waits for more.
    if (!m_atStart || end < 3)
        return 0;
    m_atStart = false;
    return quint8(m_data[0]) == 0xEF && quint8(m_data[1]) == 0xBB && quint8(m_data[2]) == 0xBF ? 3 : 0;
}

} // namespace ts
