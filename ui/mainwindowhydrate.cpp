// SPDX-License-Identifier: MIT
// File > Hydrate ids…: a file of tweet ids becomes a run (the RunController does the work).
#include "mainwindow.h"
#include "runcontroller.h"

#include <QAction>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>

namespace ts::ui {

QAction *MainWindow::hydrateAction()
{
    if (m_hydrate)
        return m_hydrate;
    m_hydrate = new QAction(tr("&Hydrate ids…"), this);
    m_hydrate->setObjectName(QStringLiteral("actionHydrate"));
    m_hydrate->setStatusTip(tr("Fetch the tweets of a file of tweet ids (one per line, or a CSV column) with the "
                               "connection and run options on the left"));
    connect(m_hydrate, &QAction::triggered, this, [this] {
        const QString file = QFileDialog::getOpenFileName(
            this, tr("Hydrate tweet ids"), QString(), tr("Tweet ids (*.txt *.csv *.tsv);;All files (*)"));
        if (file.isEmpty())
            return;
        QString column;
        if (file.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive)) {
            bool ok = false;
            column = QInputDialog::getText(this, tr("Hydrate tweet ids"),
                tr("The CSV column that holds the tweet ids:"), QLineEdit::Normal, QStringLiteral("id"), &ok);
            if (!ok)
                return;
        }
        hydrateIds(file, column);
    });
    return m_hydrate;
}

bool MainWindow::hydrateIds(const QString &file, const QString &column)
{
    return m_runs->startHydration(file, column);
}

} // namespace ts::ui
