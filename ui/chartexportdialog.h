// SPDX-License-Identifier: MIT
#pragma once

#include "charts/chartspanel.h"

#include <QDialog>

class QComboBox;
class QSpinBox;

namespace ts::ui {

/// File > Export chart: PNG or SVG, at a chosen size (remembered for the next export).
class ChartExportDialog : public QDialog
{
    Q_OBJECT
public:
    /// tabTitle: what is exported ("Compare").
    ChartExportDialog(const QString &tabTitle, QWidget *parent = nullptr);

    ChartsPanel::ImageFormat format() const;
    QSize imageSize() const;
    /// Stores the choice for the next export (on accept).
    void remember() const;

private:
    QComboBox *m_format;
    QSpinBox *m_width;
    QSpinBox *m_height;
};

} // namespace ts::ui
