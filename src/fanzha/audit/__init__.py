"""The append-only audit log: logins, views and exports of personal data, state changes."""
