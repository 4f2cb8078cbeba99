"""Group membership: AdminAddUserToGroup, AdminRemoveUserFromGroup, AdminListGroupsForUser, ListUsersInGroup."""
from __future__ import annotations

from ....backend.idp.groups import membership
from ....backend.idp.users import users
from ...registry import IDP, Context, action
from .. import find
from ..users import views as users_views
from . import views


@action(IDP, "AdminAddUserToGroup")
def admin_add_user_to_group(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    membership.add(pool, users.find(pool, params["Username"]), params["GroupName"])
    return {}


@action(IDP, "AdminRemoveUserFromGroup")
def admin_remove_user_from_group(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    membership.remove(pool, users.find(pool, params["Username"]), params["GroupName"])
    return {}


@action(IDP, "AdminListGroupsForUser")
def admin_list_groups_for_user(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    listed = membership.groups_of(pool, users.find(pool, params["Username"]))
    chunk, token = find.paged(listed, params.get("NextToken"), params.get("Limit") or 60, key=lambda g: g.name)
    return {"Groups": [views.group(pool.id, g) for g in chunk], "NextToken": token}


@action(IDP, "ListUsersInGroup")
def list_users_in_group(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    keys = membership.members(pool, params["GroupName"])
    chunk, token = find.paged(keys, params.get("NextToken"), params.get("Limit") or 60, key=lambda k: k)
    return {"Users": [users_views.user_listed(pool.users[k], None) for k in chunk], "NextToken": token}
