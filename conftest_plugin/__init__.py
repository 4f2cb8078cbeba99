"""pytest fixtures for cognito-mock (registered through the ``pytest11`` entry point)."""
