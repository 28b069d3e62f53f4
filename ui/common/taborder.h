#pragma once

#include <QList>

class QWidget;

namespace TabOrder {

// Makes Tab visit `parts` in this order, for pages whose widgets are built in another order than they are
// read (a toolbar made after the view below it). A part that takes no focus itself, such as a toolbar or a
// panel, brings its own stops along in the order its layouts read.
void chain(const QList<QWidget *> &parts);

// The widgets Tab stops at inside `part` (or `part` itself) in reading order as its layouts place them: boxes
// in their direction, grids by row then column, forms label then field, splitters and tabs by index.
// Works before the page is shown, when no widget has its geometry yet.
QList<QWidget *> stops(QWidget *part);

} // namespace TabOrder
