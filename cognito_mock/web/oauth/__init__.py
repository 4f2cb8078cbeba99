"""A user pool domain on the web: OAuth 2.0 and OIDC endpoints, the hosted pages (and their CSRF protection),
CIMD clients."""
