"""The HTTP face of the emulator: one werkzeug WSGI app (API, JWKS/OIDC, /_mock/ paths)."""
