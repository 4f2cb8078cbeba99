"""Users: admin and self-service user actions, attributes, sign-up and confirmation, passwords (forgot, reset,
change), user import."""
