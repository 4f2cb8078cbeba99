"""Federation: identity providers, AdminLinkProviderForUser / AdminDisableProviderForUser, GetSigningCertificate."""
