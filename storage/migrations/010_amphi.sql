-- amphi schema 10: lists gathered in amphis (config key `amphi`, by default the list's formation).
-- Within one amphi lists are called one after another; different amphis run side by side.
ALTER TABLE liste ADD COLUMN amphi TEXT;
