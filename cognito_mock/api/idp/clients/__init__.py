"""App clients: Create/Describe/List/Update/DeleteUserPoolClient, client secrets, CIMD policies."""
