"""Groups -> GroupType."""
from __future__ import annotations

from typing import Any

from ....backend.idp.groups.models import Group


def group(pool_id: str, g: Group) -> dict[str, Any]:
    return {
        "GroupName": g.name,
        "UserPoolId": pool_id,
        "Description": g.description,
        "RoleArn": g.role_arn,
        "Precedence": g.precedence,
        "LastModifiedDate": g.modified,
        "CreationDate": g.created,
    }
