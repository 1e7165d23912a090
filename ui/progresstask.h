// SPDX-License-Identifier: MIT
#pragma once

#include <QFutureWatcher>
#include <QPointer>
#include <QProgressDialog>
#include <QtConcurrent>

#include <functional>

namespace ts::ui {

/// A worker's progress, (done, total) in any unit; returns false once the person cancelled.
using TaskProgress = std::function<bool(qint64 done, qint64 total)>;

/// A window-modal progress dialog (shown after 400 ms, deleted when closed) with a Cancel
/// button, and in *progress the callback a worker thread reports to: it moves the bar (99% at
/// most until the work returns) and reads the Cancel button, through atomics.
QProgressDialog *openProgressDialog(QWidget *parent, const QString &label, TaskProgress *progress);

/// Runs work(progress) on the thread pool behind such a dialog, then closes the dialog and
/// calls done(result) on the GUI thread, unless parent is gone by then. Imports and exports of
/// the desktop app go through here.
template <typename Result>
void runWithProgress(QWidget *parent, const QString &label, std::function<Result(const TaskProgress &)> work,
    std::function<void(const Result &)> done)
{
    TaskProgress progress;
    QProgressDialog *dialog = openProgressDialog(parent, label, &progress);
    auto *watcher = new QFutureWatcher<Result>(dialog);
    QPointer<QWidget> guard(parent);
    QObject::connect(watcher, &QFutureWatcher<Result>::finished, dialog, [watcher, dialog, guard, done] {
        const Result result = watcher->result();
        dialog->close();
        if (guard)
            done(result);
    });
    watcher->setFuture(QtConcurrent::run([work = std::move(work), progress] { return work(progress); }));
}

} // namespace ts::ui
