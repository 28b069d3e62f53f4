#pragma once

#include "db/sqldialect.h"

#include <QWidget>

class QLabel;
class QLineEdit;

// The schema names of a PostgreSQL workspace (EUMAS, and 8thDegree's auth, core and ai), with the
// hint that a Supabase project keeps its own auth schema. An empty field means the default name. A name
// SqlSchemas::problem() refuses is explained under the fields as it is typed (the services refuse it too).
class SchemaNamesEdit : public QWidget
{
    Q_OBJECT
public:
    explicit SchemaNamesEdit(QWidget *parent = nullptr);

    void setSchemas(const SqlSchemas &schemas); // emits no edited()
    SqlSchemas schemas() const;
    // On a Supabase host the hint turns into a warning while the auth schema is still called auth.
    void setSupabase(bool supabase);
    // "8thDegree core: …" for each unacceptable name, one a line; empty when all four are fine.
    QString problems() const;

Q_SIGNALS:
    void edited();

private:
    void updateHint();
    void updateProblems();

    QLineEdit *m_eumas;
    QLineEdit *m_auth;
    QLineEdit *m_core;
    QLineEdit *m_ai;
    QLabel *m_hint;
    QLabel *m_problems;
    bool m_supabase = false;
};
