// SPDX-License-Identifier: MIT
#pragma once

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <vector>

namespace ts::archive {

/**
 * @brief A short queue of work chunks from one producing thread to the store's thread (bulk
 * loads: the producer parses or generates and builds rows, the store's thread writes them).
 *
 * At most maxQueued chunks wait, so that the producer never runs far ahead of the writer;
 * written chunks come back for reuse, so that their large buffers stay allocated.
 */
template <typename Chunk> class ChunkPipe
{
public:
    explicit ChunkPipe(size_t maxQueued = 2)
        : m_maxQueued(maxQueued)
    { }

    /// Producer: an empty chunk to fill (a recycled one when there is one).
    std::unique_ptr<Chunk> take()
    {
        std::lock_guard lock(m_mutex);
        if (m_spare.empty())
            return std::make_unique<Chunk>();
        std::unique_ptr<Chunk> c = std::move(m_spare.back());
        m_spare.pop_back();
        return c;
    }

    /// Producer: hands a chunk over, waiting while the queue is full. False once the consumer
    /// stopped the pipe: the producer should return.
    bool push(std::unique_ptr<Chunk> chunk)
    {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [this] { return m_queue.size() < m_maxQueued || m_stopped; });
        if (m_stopped)
            return false;
        m_queue.push_back(std::move(chunk));
        m_changed.notify_all();
        return true;
    }

    /// Producer: nothing more will come.
    void close()
    {
        std::lock_guard lock(m_mutex);
        m_closed = true;
        m_changed.notify_all();
    }

    /// Consumer: the next chunk, or nullptr when the producer closed the pipe and all was taken.
    std::unique_ptr<Chunk> pop()
    {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [this] { return !m_queue.empty() || m_closed; });
        if (m_queue.empty())
            return nullptr;
        std::unique_ptr<Chunk> c = std::move(m_queue.front());
        m_queue.pop_front();
        m_changed.notify_all();
        return c;
    }

    /// Consumer: gives a written chunk back for reuse (the caller has cleared it).
    void recycle(std::unique_ptr<Chunk> chunk)
    {
        std::lock_guard lock(m_mutex);
        m_spare.push_back(std::move(chunk));
    }

    /// Consumer: stops the producer (its next push returns false) and drops what waits.
    void stop()
    {
        std::lock_guard lock(m_mutex);
        m_stopped = true;
        m_queue.clear();
        m_changed.notify_all();
    }

    /// Both sides idle again (between two inputs): clears the stopped and closed states.
    void reset()
    {
        std::lock_guard lock(m_mutex);
        m_stopped = false;
        m_closed = false;
        m_queue.clear();
    }

private:
    const size_t m_maxQueued;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<std::unique_ptr<Chunk>> m_queue;
    std::vector<std::unique_ptr<Chunk>> m_spare;
    bool m_closed = false;
    bool m_stopped = false;
};

} // namespace ts::archive
