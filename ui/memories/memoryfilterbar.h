#pragma once

#include "memories/filterchipeditor.h"
#include "memories/memoryfilter.h"

#include <QWidget>

class QButtonGroup;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QMenu;
class QTimer;
class QToolButton;

// The bar above the memories grid: a search field that searches by words (text) or by meaning
// (semantic search), a Filters menu that adds conditions, the active conditions as removable chips,
// "Clear all", and the match count. It only edits a MemoryFilter; the page runs the queries.
class MemoryFilterBar : public QWidget
{
    Q_OBJECT
public:
    enum class SearchMode { Text, Meaning };

    explicit MemoryFilterBar(QWidget *parent = nullptr);

    // The conditions, with the search text as a full-text condition in text mode.
    MemoryFilter filter() const;
    void setFilter(const MemoryFilter &filter); // no signal
    SearchMode searchMode() const { return m_mode; }
    void setSearchMode(SearchMode mode); // no signal
    QString searchText() const;
    void setSearchText(const QString &text); // no signal

    // Empties the search field and drops every condition ("Clear all"); emits filterChanged.
    void clearAll();

    void setSuggestions(const FilterSuggestions &suggestions);
    void setMatchText(const QString &text);
    // The embedder's kind, for the Meaning button's tooltip (the offline embedder matches words).
    void setSemantic(bool semantic, const QString &modelName);

    QLineEdit *searchField() const { return m_search; }
    QList<QWidget *> chips() const;

Q_SIGNALS:
    void filterChanged(const MemoryFilter &filter); // a condition or (text mode) the search text changed
    void meaningSearchRequested(const QString &text); // meaning mode: Enter in the search field
    void meaningSearchCleared(); // meaning mode: the search field was emptied
    void searchModeChanged(MemoryFilterBar::SearchMode mode);
    void suggestionsWanted(); // the Filters menu is about to open

private:
    void buildMenu();
    void edit(MemoryFilter::Field field, int index = -1);
    void setTriState(TriState MemoryFilter::*member, TriState value);
    void applyConditions(const MemoryFilter &conditions);
    void rebuildChips();
    void onSearchEdited();
    void onReturnPressed();

    MemoryFilter m_conditions; // everything but the text, which lives in the field
    SearchMode m_mode = SearchMode::Text;
    FilterSuggestions m_suggestions;
    QLineEdit *m_search;
    QToolButton *m_textMode;
    QToolButton *m_meaningMode;
    QButtonGroup *m_modes;
    QToolButton *m_filters;
    QMenu *m_menu;
    QAction *m_clusterAction = nullptr;
    QLabel *m_matches;
    QWidget *m_chipRow;
    QHBoxLayout *m_chipLayout;
    QToolButton *m_clearAll;
    QTimer *m_typing; // search as you type, once the typing pauses
};
