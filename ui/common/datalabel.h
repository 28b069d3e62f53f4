#pragma once

#include <QLabel>

// A selectable, word-wrapped label for memory data. Data is never markup: a reply that contains
// "<b>" must show those characters.
inline QLabel *makeDataLabel(const QString &objectName, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    return label;
}

// A hidden, word-wrapped plain-text label for a page's load errors: shown in the page, not in a
// dialog, so the page stays usable with what it has.
inline QLabel *makeErrorLabel(const QString &objectName, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setStyleSheet(QStringLiteral("color: #b00020;"));
    label->hide();
    return label;
}
