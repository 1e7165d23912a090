// SPDX-License-Identifier: MIT
#include "importrunner.h"
#include "progresstask.h"

#include "archive/archivestore.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QLocale>

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
    const QString label
        = tr("Importing %1…")
              .arg(inputs.size() == 1 ? QFileInfo(inputs.front()).fileName() : tr("%1 files").arg(inputs.size()));
    runWithProgress<ImportResult>(
        parent, label,
        [archivePath, inputs](
            const TaskProgress &progress) { return importIntoArchive(archivePath, inputs, progress); },
        std::move(done));
}

} // namespace ts::ui
