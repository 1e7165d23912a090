// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>

#include <QCoroTask>

#include <memory>
#include <vector>

class QNetworkAccessManager;

namespace ts::search {

/**
 * @brief A pool of QNetworkAccessManagers so that N concurrent requests to one host really are
 * N in flight: Qt 6.4 allows only 6 HTTP/1.1 connections per host per manager, with no setting
 * (docs/qt-notes.md, section 4). acquire() hands out the least-loaded manager with a free
 * connection, creating managers up to a cap; beyond the cap, callers wait (that wait is queueing).
 */
class TransportPool : public QObject
{
    Q_OBJECT
public:
    static constexpr int connectionsPerManager = 6; ///< Qt 6.4's fixed HTTP/1.1 limit

    explicit TransportPool(int maxManagers = 16, QObject *parent = nullptr);
    ~TransportPool() override;

    /// Index of a manager with a free connection (its count is already taken), or -1 when full.
    int tryAcquire();
    /// Waits until a connection is free. Returns -1 when abortWaiting() was called.
    QCoro::Task<int> acquire();
    void release(int index);
    QNetworkAccessManager *manager(int index) const;

    /// Wakes every acquire() waiting for a slot with -1 (cancel).
    void abortWaiting();
    void resetAbort() { m_aborted = false; }

    int inFlight() const { return m_inFlight; }
    int maxInFlight() const { return m_maxInFlight; }
    void resetMaxInFlight() { m_maxInFlight = m_inFlight; }
    int managerCount() const { return int(m_managers.size()); }
    int maxManagers() const { return m_maxManagers; }

Q_SIGNALS:
    void slotFreed();

private:
    struct Entry
    {
        std::unique_ptr<QNetworkAccessManager> manager;
        int inFlight = 0;
    };
    std::vector<Entry> m_managers;
    int m_maxManagers;
    int m_inFlight = 0;
    int m_maxInFlight = 0;
    bool m_aborted = false;
};

} // namespace ts::search
