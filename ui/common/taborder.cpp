#include "common/taborder.h"

#include <QBoxLayout>
#include <QFormLayout>
#include <QGridLayout>
#include <QScrollArea>
#include <QSet>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabBar>
#include <QTabWidget>

#include <algorithm>

namespace TabOrder {

namespace {
bool takesTab(const QWidget *widget)
{
    return (widget->focusPolicy() & Qt::TabFocus) && !widget->focusProxy();
}

void collect(QWidget *widget, QList<QWidget *> &out, QSet<QWidget *> &done);

// A layout's items as they read: a grid by row and column, a form by row (label, then field), a box in its
// direction.
void collectLayout(QLayout *layout, QList<QWidget *> &out, QSet<QWidget *> &done)
{
    struct Item
    {
        int row;
        int column;
        QLayoutItem *item;
    };
    QList<Item> items;
    for (int i = 0; i < layout->count(); ++i) {
        int row = i;
        int column = 0;
        if (auto *grid = qobject_cast<QGridLayout *>(layout)) {
            int rowSpan = 0;
            int columnSpan = 0;
            grid->getItemPosition(i, &row, &column, &rowSpan, &columnSpan);
        } else if (auto *form = qobject_cast<QFormLayout *>(layout)) {
            QFormLayout::ItemRole role = QFormLayout::LabelRole;
            form->getItemPosition(i, &row, &role);
            column = role == QFormLayout::FieldRole ? 1 : 0;
        }
        items.append({ row, column, layout->itemAt(i) });
    }
    if (auto *box = qobject_cast<QBoxLayout *>(layout);
        box && (box->direction() == QBoxLayout::RightToLeft || box->direction() == QBoxLayout::BottomToTop))
        std::reverse(items.begin(), items.end());
    std::stable_sort(items.begin(), items.end(),
        [](const Item &a, const Item &b) { return std::tie(a.row, a.column) < std::tie(b.row, b.column); });
    for (const Item &item : std::as_const(items)) {
        if (QWidget *child = item.item->widget())
            collect(child, out, done);
        else if (QLayout *inner = item.item->layout())
            collectLayout(inner, out, done);
    }
}

void collect(QWidget *widget, QList<QWidget *> &out, QSet<QWidget *> &done)
{
    if (!widget || widget->isWindow() || done.contains(widget))
        return;
    done.insert(widget);
    if (takesTab(widget)) {
        out << widget;
        // A scroll area takes Tab itself and then hands it to what it shows; other widgets that take
        // Tab are one stop (a spin box's line edit is part of the spin box).
        if (auto *area = qobject_cast<QScrollArea *>(widget))
            collect(area->widget(), out, done);
        return;
    }
    if (auto *splitter = qobject_cast<QSplitter *>(widget)) {
        for (int i = 0; i < splitter->count(); ++i)
            collect(splitter->widget(i), out, done);
    } else if (auto *tabs = qobject_cast<QTabWidget *>(widget)) {
        collect(tabs->tabBar(), out, done);
        for (int i = 0; i < tabs->count(); ++i)
            collect(tabs->widget(i), out, done);
    } else if (auto *stack = qobject_cast<QStackedWidget *>(widget)) {
        for (int i = 0; i < stack->count(); ++i)
            collect(stack->widget(i), out, done);
    } else if (widget->layout()) {
        collectLayout(widget->layout(), out, done);
    }
    // Children placed by hand rather than by a layout come after, in the order they were made.
    for (QObject *child : widget->children()) {
        if (auto *childWidget = qobject_cast<QWidget *>(child))
            collect(childWidget, out, done);
    }
}
} // namespace

QList<QWidget *> stops(QWidget *part)
{
    QList<QWidget *> out;
    QSet<QWidget *> done;
    collect(part, out, done);
    return out;
}

void chain(const QList<QWidget *> &parts)
{
    QList<QWidget *> order;
    for (QWidget *part : parts)
        order << stops(part);
    for (qsizetype i = 0; i + 1 < order.size(); ++i)
        QWidget::setTabOrder(order[i], order[i + 1]);
}

} // namespace TabOrder
