// SPDX-License-Identifier: MIT
// File > Import…: tweets files or X account archive ZIPs into the local archive.
#include "importrunner.h"
#include "localarchivehost.h"
#include "mainwindow.h"
#include "statusline.h"

#include <QAction>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>

namespace ts::ui {

QAction *MainWindow::importAction()
{
    if (m_import)
        return m_import;
    m_import = new QAction(tr("&Import into the local archive…"), this);
    m_import->setObjectName(QStringLiteral("actionImport"));
    m_import->setStatusTip(
        tr("Tweets in any format (twarc JSONL, API pages, JSON) or the ZIP of an X account archive"));
    connect(m_import, &QAction::triggered, this, [this] {
        const QStringList files = QFileDialog::getOpenFileNames(this, tr("Import into the local archive"), QString(),
            tr("Tweets and X account archives (*.jsonl *.json *.zip *.js *.txt);;All files (*)"));
        if (!files.isEmpty())
            importFiles(files);
    });
    return m_import;
}

bool MainWindow::importFiles(const QStringList &files)
{
    // The archive must be there (the sample archive is generated on the first start) and
    // served: the import writes through its own connection while the service reads.
    if (!m_archive || m_archive->archivePath().isEmpty() || !m_archive->isReady()) {
        m_status->showMessage(tr("Import: the local archive is not ready yet."), true);
        return false;
    }
    const QString target = m_archive->archivePath();
    m_import->setEnabled(false);
    m_status->showMessage(tr("Importing into the local archive…"));
    importInBackground(this, target, files, [this, target](const ImportResult &result) {
        m_import->setEnabled(true);
        const bool warning = !result.ok || result.problemCount > 0;
        m_status->showMessage(result.summary().section(u'\n', 0, 0), warning);
        auto *box = new QMessageBox(warning ? QMessageBox::Warning : QMessageBox::Information, tr("Import"),
            result.summary(), QMessageBox::Ok, this);
        box->setObjectName(QStringLiteral("importResult"));
        box->setInformativeText(tr("Into %1").arg(QFileInfo(target).fileName()));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
    return true;
}

} // namespace ts::ui
