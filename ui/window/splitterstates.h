#pragma once

#include <QString>

class QSplitter;
class QWidget;

// Every splitter of a window keeps the sizes the user gave it across restarts. Each is saved in UiSettings
// under a name made of its place in the window's widget tree (object names where there are, class and
// position otherwise), so pages need not name their splitters or save them one by one.
namespace SplitterStates {

QString nameOf(const QSplitter *splitter, const QWidget *window);

// Saves every splitter under `window` that has been on screen (the others keep what was saved before).
void save(const QWidget *window);

// Restores the splitters under `window` it has not seen before, each when it is first shown (call it again
// after a page builds new ones); returns how many it took on.
int restore(QWidget *window);

} // namespace SplitterStates
