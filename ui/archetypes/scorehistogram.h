#pragma once

#include <QColor>
#include <QWidget>

#include <array>
#include <optional>

// A histogram of scores in [0, 1] (twenty bins of 0.05, as the dashboard service counts them) with the box
// summary drawn on the same scale underneath: whisker from min to max, box from Q1 to Q3, a bar at the median.
// A second set of bins (drift: the baseline window) is drawn as an outline over the first, both as shares of
// their own totals so windows of different sizes compare. Painted, not a chart: twelve of them share a page.
class ScoreHistogram : public QWidget
{
    Q_OBJECT
public:
    using Bins = std::array<qint64, 20>;
    struct Box
    {
        double min = 0, q1 = 0, median = 0, q3 = 0, max = 0;
    };

    explicit ScoreHistogram(QWidget *parent = nullptr);

    void setTitle(const QString &title);
    void setNote(const QString &note); // one line under the title, e.g. "saturates"; empty hides it
    void setColor(const QColor &color);
    void setBins(const Bins &bins, const std::optional<Box> &box = std::nullopt);
    void setComparison(const Bins &bins, const QString &label, const QString &mainLabel); // outlined; a legend
    void clear();

    qint64 total() const; // values in the main bins, for tests

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QString m_title;
    QString m_note;
    QColor m_color;
    Bins m_bins {};
    std::optional<Box> m_box;
    std::optional<Bins> m_comparison;
    QString m_comparisonLabel;
    QString m_mainLabel;
};
