-- Sextant schema version 14 (PostgreSQL): a reviewer decides a bias report in their own name only.
-- 0002 lets a reviewer update a bias report's decision columns, reviewed_by among them, and 0009 lets a reviewer's
-- scan insert reports; neither looked at the name, so a reviewer could record a decision as someone else's
-- (tests/services/db/tst_rolesmatrix found it). The same rule as for match reviews and the audit log: rows a
-- reviewer writes carry no reviewer's name yet (a scan's) or their own. Admins and the tables' owner (migrations,
-- demo data) are not narrowed.

ALTER TABLE {{AI}}.bias_reports ENABLE ROW LEVEL SECURITY;
CREATE POLICY bias_reports_read ON {{AI}}.bias_reports FOR SELECT TO sextant_viewer USING (true);
CREATE POLICY bias_reports_scan ON {{AI}}.bias_reports FOR INSERT TO sextant_reviewer
    WITH CHECK (reviewed_by IS NULL OR reviewed_by = current_user);
CREATE POLICY bias_reports_decide ON {{AI}}.bias_reports FOR UPDATE TO sextant_reviewer
    USING (true) WITH CHECK (reviewed_by = current_user);
CREATE POLICY bias_reports_admin ON {{AI}}.bias_reports FOR ALL TO sextant_admin USING (true) WITH CHECK (true);
