#pragma once

#include <QDialog>

class QListWidget;
class QPlainTextEdit;
class QLabel;

// AI → Evaluation Prompts: the versioned prompts Sextant evaluates memories with, read-only, so an
// operator can see exactly what the model is asked (evaluations record the version they were made with).
class PromptsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit PromptsDialog(QWidget *parent = nullptr);
    int promptCount() const;
    QString shownText() const;

private:
    QListWidget *m_list;
    QLabel *m_title;
    QPlainTextEdit *m_text;
};
