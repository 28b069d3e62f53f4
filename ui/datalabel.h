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
