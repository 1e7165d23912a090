// SPDX-License-Identifier: MIT
#pragma once

#include "connectionsettings.h"

#include <QWidget>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QToolButton;

namespace ts::ui {

/// Provider, Enterprise account/label/user, the way to the credentials dialog, and under
/// "More connection settings" (collapsed unless asked for) "Also run on" with its base URL,
/// the base URL, the CA file and the local archive latency. Holds no secrets.
class ConnectionPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ConnectionPanel(QWidget *parent = nullptr);

    ConnectionSettings settings() const;
    void setSettings(const ConnectionSettings &settings);
    /// Shown next to the credentials button ("bearer token stored", "keychain unavailable").
    void setCredentialState(const QString &text);
    void setRunning(bool running);
    /// "More connection settings" open or collapsed (the window remembers it).
    bool moreShown() const;
    void setMoreShown(bool shown);

Q_SIGNALS:
    void changed();
    void credentialsRequested();

private:
    void updateEnabled();
    /// What "More connection settings" holds that differs from the defaults, for its header.
    QString moreSummary(const ConnectionSettings &s) const;

    QComboBox *m_provider;
    QComboBox *m_compare; ///< "Also run on": none or another provider
    QLabel *m_compareNote; ///< why "Also run on" is refused, when it is
    QLineEdit *m_compareBaseUrl; ///< the base URL of "Also run on"; empty: its default
    QLineEdit *m_baseUrl;
    QLineEdit *m_account;
    QLineEdit *m_label;
    QLineEdit *m_username;
    QComboBox *m_latency;
    QLineEdit *m_caFile;
    QLabel *m_credentialState;
    QPushButton *m_credentials;
    QToolButton *m_more; ///< opens and collapses "More connection settings"
    QLabel *m_moreSummary; ///< next to it when collapsed: what it holds that is set (elided)
    QFormLayout *m_form;
    bool m_moreShown = false;
};

} // namespace ts::ui
