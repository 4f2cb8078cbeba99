"""OAuth 2.0: user pool domains, resource servers, GetClientToken and GetDerivedToken."""
