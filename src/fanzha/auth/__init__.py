"""Users, roles, sessions, API keys and permission checks."""
