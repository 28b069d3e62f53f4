#pragma once

#include <QLabel>

// A one-line plain-text label that gives way when its row is short of room: it asks for all of its text, shrinks
// to a few characters, paints what fits with an ellipsis, and keeps the whole text in text() and its tooltip.
// For the status bar, where a long workspace path or the counts would otherwise push the window past the screen.
class ElidedLabel : public QLabel
{
    Q_OBJECT
public:
    explicit ElidedLabel(Qt::TextElideMode mode, QWidget *parent = nullptr);

    void setFullText(const QString &text, const QString &toolTip = QString());
    QSize minimumSizeHint() const override;
    bool isElided() const;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QString shownText() const;

    Qt::TextElideMode m_mode;
};
