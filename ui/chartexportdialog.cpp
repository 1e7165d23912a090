// SPDX-License-Identifier: MIT
#include "chartexportdialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QSettings>
#include <QSpinBox>

namespace ts::ui {

ChartExportDialog::ChartExportDialog(const QString &tabTitle, QWidget *parent)
    : QDialog(parent)
    , m_format(new QComboBox(this))
    , m_width(new QSpinBox(this))
    , m_height(new QSpinBox(this))
{
    setWindowTitle(tr("Export chart"));
    m_format->setObjectName(QStringLiteral("chartFormat"));
    m_format->addItem(tr("PNG image"), int(ChartsPanel::ImageFormat::Png));
    m_format->addItem(tr("SVG (vector, for papers)"), int(ChartsPanel::ImageFormat::Svg));
    for (QSpinBox *side : { m_width, m_height }) {
        side->setRange(ChartsPanel::MinExportSide, ChartsPanel::MaxExportSide);
        side->setSuffix(tr(" px"));
        side->setSingleStep(100);
    }
    m_width->setObjectName(QStringLiteral("chartWidth"));
    m_height->setObjectName(QStringLiteral("chartHeight"));
    const QSettings settings;
    m_format->setCurrentIndex(settings.value(QStringLiteral("chartExport/format"), 0).toInt() == 1 ? 1 : 0);
    m_width->setValue(settings.value(QStringLiteral("chartExport/width"), 1600).toInt());
    m_height->setValue(settings.value(QStringLiteral("chartExport/height"), 900).toInt());

    auto *form = new QFormLayout(this);
    form->addRow(new QLabel(tr("The %1 tab, laid out at the size below.").arg(tabTitle), this));
    form->addRow(tr("Format:"), m_format);
    form->addRow(tr("Width:"), m_width);
    form->addRow(tr("Height:"), m_height);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    form->addRow(buttons);
}

ChartsPanel::ImageFormat ChartExportDialog::format() const
{
    return ChartsPanel::ImageFormat(m_format->currentData().toInt());
}

QSize ChartExportDialog::imageSize() const
{
    return { m_width->value(), m_height->value() };
}

void ChartExportDialog::remember() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("chartExport/format"), m_format->currentIndex());
    settings.setValue(QStringLiteral("chartExport/width"), m_width->value());
    settings.setValue(QStringLiteral("chartExport/height"), m_height->value());
}

} // namespace ts::ui
