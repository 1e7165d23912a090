// SPDX-License-Identifier: MIT
#pragma once

#include "search/searchrunner.h"

#include <QWidget>

class QCheckBox;
class QDateTimeEdit;
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
    /// The provider's page size range.
    void setMaxResultsRange(int min, int max);
    void save(QSettings &settings) const;
    void load(const QSettings &settings);

private:
    QSpinBox *m_maxResults;
    QSpinBox *m_pages;
    QSpinBox *m_concurrency;
    QCheckBox *m_useStart;
    QDateTimeEdit *m_start;
    QCheckBox *m_useEnd;
    QDateTimeEdit *m_end;
    QSpinBox *m_maxBodySize;
};

} // namespace ts::ui
