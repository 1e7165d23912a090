// SPDX-License-Identifier: MIT
#pragma once

#include "hugeblock.h"

#include <QtGlobal>

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <thread>
#include <vector>

namespace ts::ui {

/**
 * Faults in the results table's next big blocks (row chunks, text blocks, the id index's next
 * table) on a background thread, before the table needs them. The first write to fresh memory
 * can cost more than building the rows written into it (the kernel zeroes each huge page;
 * figures: docs/benchmarks-log.md): done here, the GUI thread finds the block ready and stays
 * fluid. The work is not hidden: backgroundCpuNs() reports what it cost.
 *
 * Used from one thread (the model's); the background thread starts with the first prepare().
 */
class BlockPrefaulter
{
public:
    BlockPrefaulter() = default;
    ~BlockPrefaulter();
    BlockPrefaulter(const BlockPrefaulter &) = delete;
    BlockPrefaulter &operator=(const BlockPrefaulter &) = delete;

    /// Makes sure that `ahead` blocks of bytes are ready or being faulted in on the background
    /// thread, for later take(bytes) calls.
    void prepare(std::size_t bytes, int ahead = 1);
    /// A block of bytes (allocateHuge memory, free with HugeFree): a prepared one when ready,
    /// else allocated here (never waits: under load the background thread may not run soon).
    void *take(std::size_t bytes);
    template <typename T> HugeArray<T> takeArray(std::size_t count)
    {
        return HugeArray<T>(static_cast<T *>(take(count * sizeof(T))));
    }
    /// CPU time the background thread has spent so far, in nanoseconds.
    qint64 backgroundCpuNs() const { return m_cpuNs.load(std::memory_order_relaxed); }
    /// Bytes of prepared blocks not yet taken.
    std::size_t readyBytes() const;

private:
    struct Ready
    {
        std::size_t bytes;
        void *block;
    };
    void run();

    mutable std::mutex m_mutex;
    std::condition_variable m_wake; // a request arrived, or stop
    std::vector<std::size_t> m_requests; // done smallest first: those are needed most often
    std::size_t m_inProgress = 0; // bytes of the block being faulted in, 0 when none
    std::vector<Ready> m_ready;
    bool m_stop = false;
    std::atomic<qint64> m_cpuNs { 0 };
    std::thread m_thread;
};

} // namespace ts::ui
