"""Session management: (Admin)ListUserSessions, (Admin)RevokeUserSession, pool and client session configuration."""
