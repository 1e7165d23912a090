// SPDX-License-Identifier: MIT
#pragma once

#include "blockprefaulter.h"
#include "hugeblock.h"
#include "tweetrow.h"

#include <vector>

namespace ts::ui {

/// The table's rows in chunks of 32 768 (2 MB, one huge page each): appending never copies
/// stored rows (a growing vector copies all of them, into fresh pages, at every doubling)
/// and a row's address stays put.
class TweetRowStore
{
public:
    static constexpr int ChunkBits = 15;
    static constexpr int ChunkRows = 1 << ChunkBits;

    int size() const { return m_size; }
    bool empty() const { return m_size == 0; }
    /// Rows [0, size()) and the slots made writable by reserve().
    const TweetRow &operator[](int i) const { return m_chunks[size_t(i >> ChunkBits)][i & (ChunkRows - 1)]; }
    TweetRow &operator[](int i) { return m_chunks[size_t(i >> ChunkBits)][i & (ChunkRows - 1)]; }
    /// Chunks come from prefaulter (one prepared ahead) when set; it must outlive the store.
    void setPrefaulter(BlockPrefaulter *prefaulter) { m_prefaulter = prefaulter; }
    /// Makes slots [size(), size() + n) writable (their content is unspecified until written).
    void reserve(int n)
    {
        while (int(m_chunks.size()) * ChunkRows < m_size + n)
            m_chunks.push_back(newChunk());
    }
    /// The n slots after size() were written: they become rows.
    void commit(int n) { m_size += n; }
    void clear()
    {
        m_chunks.clear();
        m_size = 0;
    }

private:
    HugeArray<TweetRow> newChunk()
    {
        if (!m_prefaulter)
            return allocateHugeArray<TweetRow>(ChunkRows);
        HugeArray<TweetRow> chunk = m_prefaulter->takeArray<TweetRow>(ChunkRows);
        m_prefaulter->prepare(ChunkRows * sizeof(TweetRow));
        return chunk;
    }

    BlockPrefaulter *m_prefaulter = nullptr;
    std::vector<HugeArray<TweetRow>> m_chunks;
    int m_size = 0;
};

} // namespace ts::ui
