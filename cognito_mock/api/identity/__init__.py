"""cognito-identity handlers: identity pools, identities and credentials, developer identities."""
