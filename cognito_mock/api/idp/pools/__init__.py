"""User pools: Create/Describe/List/Update/DeleteUserPool, custom attributes, MFA configuration, tags, replicas,
provisioned limits, point-in-time recovery."""
