// SPDX-License-Identifier: MIT
#include "importrunner.h"

#include "archive/archivestore.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QLocale>
#include <QPointer>
#include <QProgressDialog>
#include <QTimer>
#include <QtConcurrent>

#include <atomic>
#include <memory>

namespace ts::ui {

namespace {
constexpr qsizetype kProblemsKept = 20;

QString tr(const char *text)
{
    return QCoreApplication::translate("ArchiveImport", text);
}
} // namespace

QString ImportResult::summary() const
{
    const QLocale locale;
    QString text = cancelled ? tr("Import cancelled after %1 new tweets (%2 already there).")
                             : tr("Imported %1 new tweets (%2 already there).");
    text = text.arg(locale.toString(stats.inserted), locale.toString(stats.duplicates));
    for (const QString &note : notes)
        text += u'\n' + note;
    if (problemCount > 0) {
        text += u'\n'
            + tr("%1 bad lines or elements, %2 unreadable tweets:")
                  .arg(locale.toString(stats.badLines), locale.toString(stats.badTweets));
        for (const QString &p : problems)
            text += QStringLiteral("\n  ") + p;
        if (problemCount > problems.size())
            text += u'\n' + tr("  (and %1 more)").arg(locale.toString(problemCount - problems.size()));
    }
    if (!ok && !cancelled)
        text += u'\n' + tr("The import stopped: %1").arg(error);
    return text;
}

ImportResult importIntoArchive(
    const QString &archivePath, const QStringList &inputs, const std::function<bool(qint64, qint64)> &progress)
{
    ImportResult result;
    ts::archive::ArchiveStore store;
    if (!store.open(archivePath, &result.error))
        return result;
    qint64 total = 0;
    for (const QString &input : inputs)
        total += QFileInfo(input).size();
    ts::archive::Importer importer(store);
    importer.setProblemHandler([&result](const QString &message) {
        if (result.problems.size() < kProblemsKept)
            result.problems.append(message);
        ++result.problemCount;
    });
    qint64 done = 0; // bytes of the inputs before the current one
    importer.setProgressHandler([&](qint64 bytes) {
        if (progress && !progress(done + bytes, total)) {
            result.cancelled = true;
            return false;
        }
        return true;
    });
    result.ok = true;
    for (const QString &input : inputs) {
        if (result.cancelled)
            break;
        if (!importer.importFile(input, &result.error)) {
            result.ok = false;
            break;
        }
        done += QFileInfo(input).size();
    }
    QString error;
    if (!importer.finish(&error) && result.ok) {
        result.ok = false;
        result.error = error;
    }
    result.ok = result.ok && !result.cancelled;
    result.stats = importer.stats();
    result.notes = importer.notes();
    return result;
}

void importInBackground(QWidget *parent, const QString &archivePath, const QStringList &inputs,
    std::function<void(const ImportResult &)> done)
{
    auto *dialog = new QProgressDialog(
        tr("Importing %1…")
            .arg(inputs.size() == 1 ? QFileInfo(inputs.front()).fileName() : tr("%1 files").arg(inputs.size())),
        tr("Cancel"), 0, 100, parent);
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

    auto *watcher = new QFutureWatcher<ImportResult>(dialog);
    QPointer<QWidget> guard(parent);
    QObject::connect(watcher, &QFutureWatcher<ImportResult>::finished, dialog, [watcher, dialog, guard, done] {
        const ImportResult result = watcher->result();
        dialog->close();
        if (guard)
            done(result);
    });
    watcher->setFuture(QtConcurrent::run([archivePath, inputs, cancel, percent] {
        return importIntoArchive(archivePath, inputs, [cancel, percent](qint64 bytes, qint64 total) {
            if (total > 0)
                percent->store(int(std::min<qint64>(99, bytes * 100 / total)));
            return !cancel->load();
        });
    }));
}

} // namespace ts::ui
