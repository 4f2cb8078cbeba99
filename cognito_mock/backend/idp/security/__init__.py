"""Threat protection: risk configuration and log delivery, adaptive authentication and compromised credentials,
the user event history."""
