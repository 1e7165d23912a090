// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QString>

class QLabel;
class QProgressBar;
class QStatusBar;

namespace ts::ui {

/**
 * The window's status bar as the run controllers, the results pane and the automation see
 * it: a message (warnings stay until the next one, the rest for 15 s), the run's label and
 * progress bar, and the tweet counts on the right.
 */
class StatusLine : public QObject
{
    Q_OBJECT
public:
    /// What a message is about, so that it can be taken back when it no longer holds (a
    /// refusal for invalid queries once the queries are fixed or deleted).
    enum class Topic { Other, Queries };

    /// Adds the run label, the progress bar (hidden) and the counts label to bar.
    explicit StatusLine(QStatusBar *bar);

    void showMessage(const QString &text, bool warning = false, Topic topic = Topic::Other);
    /// Clears the message shown if it is about topic.
    void clearTopic(Topic topic);
    /// The last message shown (without the warning sign), even after it timed out.
    QString lastMessage() const { return m_last; }
    void setRunText(const QString &text);
    QString runText() const;
    void setCounts(const QString &text);
    /// Shows the progress bar from 0 of max with format ("%v of %m queries").
    void startProgress(int max, const QString &format);
    void setProgress(int value);
    int progress() const;
    /// Range 0..max without touching the value or the format (0: busy indicator).
    void setProgressRange(int max);
    void setProgressVisible(bool visible);

private:
    QStatusBar *m_bar;
    QLabel *m_runLabel;
    QProgressBar *m_progress;
    QLabel *m_counts;
    QString m_last;
    Topic m_topic = Topic::Other;
};

} // namespace ts::ui
