-- A person's language (ko, en): the app speaks it after sign-in on any device.
ALTER TABLE users ADD COLUMN locale TEXT NOT NULL DEFAULT 'ko';
