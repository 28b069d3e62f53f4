#include "common/viewsizing.h"

#include <QAbstractItemView>
#include <QFontMetrics>
#include <QHeaderView>
#include <QScrollBar>
#include <QTableView>

#include <algorithm>

namespace ViewSizing {

void fitHeightToRows(QAbstractItemView *view, const QHeaderView *header, int rows, int maxRows)
{
    const int shown = std::clamp(rows, 1, std::max(1, maxRows));
    int rowHeight = 0;
    // A table's rows are as tall as its vertical header's sections, which may exceed what the
    // content asks for; other views size rows from their content.
    if (const auto *table = qobject_cast<const QTableView *>(view))
        rowHeight = table->verticalHeader()->defaultSectionSize();
    else if (rows > 0)
        rowHeight = view->sizeHintForRow(0);
    if (rowHeight <= 0)
        rowHeight = view->fontMetrics().height() + 6; // an empty view still shows one blank row
    int height = rowHeight * shown + 2 * view->frameWidth();
    if (header && !header->isHidden())
        height += header->sizeHint().height();
    if (view->horizontalScrollBarPolicy() != Qt::ScrollBarAlwaysOff)
        height += view->horizontalScrollBar()->sizeHint().height();
    view->setFixedHeight(height);
}

} // namespace ViewSizing
