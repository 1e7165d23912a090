// SPDX-License-Identifier: MIT
#pragma once

#include <QtGlobal>

#include <cstddef>

class QIODevice;

namespace ts {

/**
 * @brief The input buffer of JsonlReader and JsonElementReader: one block filled a large
 * unbuffered read at a time, grown with realloc (a long line's block is remapped, not copied,
 * and its new part is not zero-filled: a std::vector would hold old and new at once while it
 * grows, and zero the new part).
 */
struct ReadBuffer
{
    static constexpr qsizetype chunkSize = 4 << 20; ///< one read: few syscalls, cache-friendly

    qsizetype end = 0; ///< end of the valid data in data()
    qint64 bytesRead = 0; ///< from the input, in all
    bool eof = false; ///< the input ended (or failed): fill() reads no more

    ReadBuffer() = default;
    ReadBuffer(const ReadBuffer &) = delete;
    ReadBuffer &operator=(const ReadBuffer &) = delete;
    ~ReadBuffer();

    char *data() const { return m_data; }
    size_t size() const { return m_size; }
    char &operator[](qsizetype i) const { return m_data[i]; }

    /// One read from device. First moves data()[keep, end) to the front (the caller's offsets
    /// into the buffer drop by keep), then grows the block when less than half a chunk is free
    /// (doubling, at least one chunk, at most cap, yet always a chunk past the data), then reads
    /// once into the free part. Returns the bytes read: 0 at the end of the input, -1 on a read
    /// error (both set eof).
    qint64 fill(QIODevice *device, qsizetype keep, size_t cap);
    /// 3 when the input starts with a UTF-8 byte order mark, else 0. Answers once, after the
    /// fill() that brings the input's first 3 bytes in (0 until then).
    qsizetype takeByteOrderMark();

private:
    void resize(size_t size);

    char *m_data = nullptr;
    size_t m_size = 0;
    bool m_atStart = true;
};

} // namespace ts
