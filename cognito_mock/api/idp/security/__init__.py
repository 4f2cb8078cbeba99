"""Threat protection: risk configuration, log delivery, the user event history and its feedback."""
