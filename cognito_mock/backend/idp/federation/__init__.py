"""Federation: identity providers, SAML metadata and the signing certificate, federated users and their links."""
