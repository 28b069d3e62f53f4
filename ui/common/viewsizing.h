#pragma once

class QAbstractItemView;
class QHeaderView;

// The detail pane scrolls as a whole, so the small tables inside it should be exactly as tall as
// their rows instead of opening a second, nested scroll bar.
namespace ViewSizing {

// Fixes the view's height to show `rows` rows (at most `maxRows`; the rest scroll inside the view)
// below `header`, which may be null or hidden.
void fitHeightToRows(QAbstractItemView *view, const QHeaderView *header, int rows, int maxRows);

} // namespace ViewSizing
