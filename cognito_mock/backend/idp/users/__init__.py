"""Users: the entities, indexes and filters, invitations, attributes, sign-up, password policy and recovery,
codes and messages, import jobs."""
