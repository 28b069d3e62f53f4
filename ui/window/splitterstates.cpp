#include "window/splitterstates.h"

#include "window/uisettings.h"

#include <QEvent>
#include <QPointer>
#include <QSplitter>
#include <QStringList>
#include <QTimer>

#include <algorithm>

namespace SplitterStates {

namespace {
QString segment(const QWidget *widget);
} // namespace

QString nameOf(const QSplitter *splitter, const QWidget *window)
{
    QStringList path;
    for (const QWidget *widget = splitter; widget && widget != window; widget = widget->parentWidget())
        path.prepend(segment(widget));
    return path.join(QLatin1Char('.'));
}

namespace {
// Set on a splitter once restore() has seen it, so a later call does not undo the user's dragging since.
const char HandledProperty[] = "sextantSplitterHandled";
// Set once it has been on screen with its saved sizes: only those are saved, so a page not opened this
// session keeps what was saved for it before.
const char ShownProperty[] = "sextantSplitterShown";

void restoreNow(QSplitter *splitter, const QString &name)
{
    const QByteArray state = UiSettings::splitterState(name);
    if (!state.isEmpty())
        splitter->restoreState(state);
    splitter->setProperty(ShownProperty, true);
}

const char PendingProperty[] = "sextantSplitterPending";

int depth(const QWidget *widget)
{
    int n = 0;
    for (; widget; widget = widget->parentWidget())
        ++n;
    return n;
}

// Restores every pending splitter now on screen, outer ones first: restoring a splitter resizes the splitters
// inside it, which would spread their own restored sizes by proportion again.
void restoreShown(QWidget *window)
{
    QList<QSplitter *> shown;
    for (QSplitter *splitter : window->findChildren<QSplitter *>()) {
        if (splitter->property(PendingProperty).toBool() && splitter->isVisible())
            shown << splitter;
    }
    std::stable_sort(
        shown.begin(), shown.end(), [](const QSplitter *a, const QSplitter *b) { return depth(a) < depth(b); });
    for (QSplitter *splitter : std::as_const(shown)) {
        splitter->setProperty(PendingProperty, false);
        restoreNow(splitter, nameOf(splitter, window));
    }
}

// A splitter on a page not yet shown has no size of its own: its first layout would spread the restored
// sizes by the stretch factors again. So it is restored once it has been shown and laid out, and its name is
// taken then, when the window has put every part in its place.
class RestoreOnShow : public QObject
{
public:
    RestoreOnShow(QSplitter *splitter, QWidget *window)
        : QObject(splitter)
        , m_window(window)
    {
        splitter->setProperty(PendingProperty, true);
        splitter->installEventFilter(this);
    }

    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Show) {
            watched->removeEventFilter(this);
            // After the event loop's turn: the splitters around it are shown and laid out by then.
            QTimer::singleShot(0, m_window, [window = m_window] {
                if (window)
                    restoreShown(window);
            });
            deleteLater();
        }
        return false;
    }

private:
    QPointer<QWidget> m_window;
};

QString segment(const QWidget *widget)
{
    if (!widget->objectName().isEmpty())
        return widget->objectName();
    const QWidget *parent = widget->parentWidget();
    int index = 0;
    if (parent) {
        for (const QObject *sibling : parent->children()) {
            if (sibling == widget)
                break;
            if (sibling->isWidgetType() && sibling->metaObject() == widget->metaObject())
                ++index;
        }
    }
    return QString::fromLatin1(widget->metaObject()->className()) + QLatin1Char('-') + QString::number(index);
}
} // namespace

void save(const QWidget *window)
{
    for (const QSplitter *splitter : window->findChildren<QSplitter *>()) {
        if (splitter->property(ShownProperty).toBool())
            UiSettings::setSplitterState(nameOf(splitter, window), splitter->saveState());
    }
}

int restore(QWidget *window)
{
    int handled = 0;
    for (QSplitter *splitter : window->findChildren<QSplitter *>()) {
        if (splitter->property(HandledProperty).toBool())
            continue;
        splitter->setProperty(HandledProperty, true);
        ++handled;
        if (splitter->isVisible())
            restoreNow(splitter, nameOf(splitter, window));
        else
            new RestoreOnShow(splitter, window);
    }
    return handled;
}

} // namespace SplitterStates
