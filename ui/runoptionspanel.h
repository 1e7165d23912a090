// SPDX-License-Identifier: MIT
#pragma once

#include "search/searchrunner.h"

#include <QWidget>

class QCheckBox;
class QDateTimeEdit;
class QFormLayout;
class QLabel;
class QSettings;
class QSpinBox;

namespace ts::ui {

/// What every query of a run fetches: page size, pages per query, time window, concurrency.
class RunOptionsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit RunOptionsPanel(QWidget *parent = nullptr);

    ts::search::SearchOptions options() const;
    void setOptions(const ts::search::SearchOptions &options);
    /// The providers a run goes to (the first, and "Also run on"'s). *Tweets per page* takes
    /// what the CLI's --max-results takes (kMaxResultsFloor to kMaxResultsBound) whatever they
    /// are; a value outside a provider's own range is sent as its nearest end, and a note under
    /// the spin box says so.
    void setProviders(const QList<ts::search::ProviderKind> &providers);
    /// The note under *Tweets per page*; empty when every provider takes the value as it is.
    QString maxResultsNote() const;
    void save(QSettings &settings) const;
    void load(const QSettings &settings);

private:
    void updateMaxResultsNote();

    QSpinBox *m_maxResults;
    QLabel *m_maxResultsNote;
    QFormLayout *m_form;
    QList<ts::search::ProviderKind> m_providers;
    QSpinBox *m_pages;
    QSpinBox *m_concurrency;
    QCheckBox *m_useStart;
    QDateTimeEdit *m_start;
    QCheckBox *m_useEnd;
    QDateTimeEdit *m_end;
    QSpinBox *m_maxBodySize;
};

} // namespace ts::ui
