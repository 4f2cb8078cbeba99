"""Sign-in: InitiateAuth and challenges, tokens, MFA, remembered devices, passkeys."""
