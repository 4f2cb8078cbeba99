"""App clients: defaults, token validity, OAuth rules, secrets (and Secrets Manager), CIMD policies and
documents."""
