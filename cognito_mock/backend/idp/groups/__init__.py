"""Groups and membership, both directions kept in step."""
