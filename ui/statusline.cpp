// SPDX-License-Identifier: MIT
#include "statusline.h"

#include <QLabel>
#include <QProgressBar>
#include <QStatusBar>

namespace ts::ui {

StatusLine::StatusLine(QStatusBar *bar)
    : QObject(bar)
    , m_bar(bar)
    , m_runLabel(new QLabel(bar))
    , m_progress(new QProgressBar(bar))
    , m_counts(new QLabel(bar))
{
    m_counts->setObjectName(QStringLiteral("counts"));
    m_runLabel->setObjectName(QStringLiteral("runLabel"));
    m_progress->setMaximumWidth(220);
    m_progress->setTextVisible(true);
    m_progress->hide();
    bar->addPermanentWidget(m_runLabel);
    bar->addPermanentWidget(m_progress);
    bar->addPermanentWidget(m_counts);
}

void StatusLine::showMessage(const QString &text, bool warning, Topic topic)
{
    m_last = text;
    m_topic = topic;
    m_bar->showMessage(warning ? QStringLiteral("⚠ ") + text : text, warning ? 0 : 15000);
}

void StatusLine::clearTopic(Topic topic)
{
    if (m_topic != topic || topic == Topic::Other)
        return;
    m_bar->clearMessage();
    m_topic = Topic::Other;
}

void StatusLine::setRunText(const QString &text)
{
    m_runLabel->setText(text);
}

QString StatusLine::runText() const
{
    return m_runLabel->text();
}

void StatusLine::setCounts(const QString &text)
{
    m_counts->setText(text);
}

void StatusLine::startProgress(int max, const QString &format)
{
    m_progress->setRange(0, max);
    m_progress->setValue(0);
    m_progress->setFormat(format);
    m_progress->show();
}

void StatusLine::setProgress(int value)
{
    m_progress->setValue(value);
}

int StatusLine::progress() const
{
    return m_progress->value();
}

void StatusLine::setProgressRange(int max)
{
    m_progress->setRange(0, max);
}

void StatusLine::setProgressVisible(bool visible)
{
    m_progress->setVisible(visible);
}

} // namespace ts::ui
