#pragma once

#include "memories/memoryfilter.h"
#include "memories/memoryservice.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDateEdit;
class QDoubleSpinBox;
class QLineEdit;
class QListWidget;
class QSpinBox;

// Values the editors offer to pick from (the newest memories' tones and tags, the saved cluster runs).
// A small dialog that sets one condition of a MemoryFilter: created range, tags, tones, session,
// user, priority range, an archetype metric threshold (index = which one; -1 adds one) or a cluster.
class FilterChipEditor : public QDialog
{
    Q_OBJECT
public:
    FilterChipEditor(MemoryFilter::Field field, const MemoryFilter &filter, int index,
        const FilterSuggestions &suggestions, QWidget *parent = nullptr);

    // The filter with this dialog's condition applied (call after accept).
    MemoryFilter result() const;

private:
    QListWidget *checkList(const QStringList &values, const QStringList &checked);
    static QStringList checkedValues(const QListWidget *list);
    void fillMetrics(int archetype);

    MemoryFilter::Field m_field;
    MemoryFilter m_filter;
    int m_index;
    QCheckBox *m_fromOn = nullptr;
    QCheckBox *m_toOn = nullptr;
    QDateEdit *m_from = nullptr;
    QDateEdit *m_to = nullptr;
    QListWidget *m_list = nullptr;
    QLineEdit *m_line = nullptr;
    QCheckBox *m_minOn = nullptr;
    QCheckBox *m_maxOn = nullptr;
    QDoubleSpinBox *m_min = nullptr;
    QDoubleSpinBox *m_max = nullptr;
    QComboBox *m_archetype = nullptr;
    QComboBox *m_metric = nullptr;
    QComboBox *m_run = nullptr;
    QSpinBox *m_cluster = nullptr;
};
