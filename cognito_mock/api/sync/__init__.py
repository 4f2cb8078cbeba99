"""cognito-sync handlers: datasets and records, pool usage and settings."""
