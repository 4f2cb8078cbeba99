"""Groups: CreateGroup ... ListGroups, and membership (AdminAddUserToGroup ... ListUsersInGroup)."""
