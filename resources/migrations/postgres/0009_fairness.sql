-- Sextant schema version 9 (PostgreSQL): fairness reports and the text bias queue (services/fairness, issue #18).
-- fairness_reports: every outcome fairness report as it was computed: its parameters, the result (groups,
-- stages, ranking measures, summary; aggregated and suppressed, never a per-person value), a sha256 fingerprint
-- of the counts it came from, who built it and when. Reports are evidence: nobody below admin may change or
-- delete one.
-- Bias scans: reviewers, who decide bias reports, may also write them (a scan inserts one row per entity).

CREATE TABLE {{EUMAS}}.fairness_reports (
    id uuid PRIMARY KEY,
    parameters jsonb NOT NULL,
    result jsonb NOT NULL,
    data_fingerprint text NOT NULL,
    created_by text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX fairness_reports_created_idx ON {{EUMAS}}.fairness_reports (created_at DESC);

GRANT SELECT ON {{EUMAS}}.fairness_reports TO sextant_viewer;
GRANT INSERT ON {{EUMAS}}.fairness_reports TO sextant_reviewer;
GRANT DELETE ON {{EUMAS}}.fairness_reports TO sextant_admin;
GRANT INSERT ON {{AI}}.bias_reports TO sextant_reviewer;

-- A reviewer saves reports in their own name only.
ALTER TABLE {{EUMAS}}.fairness_reports ENABLE ROW LEVEL SECURITY;
CREATE POLICY fairness_reports_read ON {{EUMAS}}.fairness_reports FOR SELECT TO sextant_viewer USING (true);
CREATE POLICY fairness_reports_own ON {{EUMAS}}.fairness_reports FOR INSERT TO sextant_reviewer
    WITH CHECK (created_by = current_user);
CREATE POLICY fairness_reports_admin ON {{EUMAS}}.fairness_reports FOR ALL TO sextant_admin USING (true) WITH CHECK (true);
