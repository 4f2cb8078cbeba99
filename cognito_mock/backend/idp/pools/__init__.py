"""User pools: lifecycle and defaults, the attribute schema, replicas, provisioned limits, point-in-time
recovery."""
