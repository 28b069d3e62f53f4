#include "window/splitterstates.h"

#include "window/uisettings.h"

#include <QEvent>
#include <QSplitter>
#include <QStringList>

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

// A splitter on a page not yet shown has no size of its own: its first layout would spread the restored
// sizes by the stretch factors again. So it is restored when it is first shown, after that layout; its name is
// taken then too, when the window has put every part in its place.
class RestoreOnShow : public QObject
{
public:
    RestoreOnShow(QSplitter *splitter, const QWidget *window)
        : QObject(splitter)
        , m_window(window)
    {
        splitter->installEventFilter(this);
    }

    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Show) {
            auto *splitter = static_cast<QSplitter *>(watched);
            splitter->removeEventFilter(this);
            restoreNow(splitter, nameOf(splitter, m_window));
            deleteLater();
        }
        return false;
    }

private:
    const QWidget *m_window;
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
