"""OAuth 2.0: domains, resource servers, the authorization server behind the web endpoints and hosted pages,
grants, token exchange."""
