// SPDX-License-Identifier: MIT
#include "progresstask.h"

#include <QTimer>

#include <algorithm>
#include <atomic>
#include <memory>

namespace ts::ui {

QProgressDialog *openProgressDialog(QWidget *parent, const QString &label, TaskProgress *progress)
{
    auto *dialog = new QProgressDialog(label, QProgressDialog::tr("Cancel"), 0, 100, parent);
    dialog->setWindowModality(Qt::WindowModal);
    dialog->setMinimumDuration(400);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    // The worker writes the percentage and reads the cancel flag; the dialog (GUI thread) the other way.
    auto cancel = std::make_shared<std::atomic_bool>(false);
    auto percent = std::make_shared<std::atomic_int>(0);
    QObject::connect(dialog, &QProgressDialog::canceled, dialog, [cancel] { cancel->store(true); });
    auto *poll = new QTimer(dialog);
    QObject::connect(poll, &QTimer::timeout, dialog, [dialog, percent] { dialog->setValue(percent->load()); });
    poll->start(100);
    *progress = [cancel, percent](qint64 done, qint64 total) {
        if (total > 0)
            percent->store(int(std::min<qint64>(99, done * 100 / total)));
        return !cancel->load();
    };
    return dialog;
}

} // namespace ts::ui
