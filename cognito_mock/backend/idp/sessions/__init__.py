"""Session management: the token and SSO session records of users, and their settings."""
