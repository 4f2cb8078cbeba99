"""User import jobs: GetCSVHeader, Create/Start/Stop/Describe/ListUserImportJobs
(backend/idp/users/user_import.py)."""
from __future__ import annotations

from ....backend.idp.pools.schema import csv_header
from ....backend.idp.users import user_import
from ...registry import IDP, Context, action
from .. import find
from .views import user_import_job


def upload_base(ctx: Context) -> str:
    """Where the pre-signed URL points: this server in server mode, else Cognito's host, which the
    in-process HTTP interception answers for ``/_mock/user-import/`` (patching/http_hook.py)."""
    return ctx.base_url or f"https://cognito-idp.{ctx.region}.amazonaws.com"


@action(IDP, "CreateUserImportJob")
def create_user_import_job(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    job = user_import.create(ctx.env, pool, params["JobName"], params["CloudWatchLogsRoleArn"],
                             params.get("PasswordHashingAlgorithm"), upload_base(ctx))
    return {"UserImportJob": user_import_job(job)}


@action(IDP, "StartUserImportJob")
def start_user_import_job(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    return {"UserImportJob": user_import_job(user_import.start(ctx.env, pool, params["JobId"]))}


@action(IDP, "StopUserImportJob")
def stop_user_import_job(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    return {"UserImportJob": user_import_job(user_import.stop(ctx.env, pool, params["JobId"]))}


@action(IDP, "DescribeUserImportJob")
def describe_user_import_job(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    return {"UserImportJob": user_import_job(user_import.look(ctx.env, pool, params["JobId"]))}


@action(IDP, "ListUserImportJobs")
def list_user_import_jobs(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    chunk, token = find.paged(user_import.listed(ctx.env, pool), params.get("PaginationToken"), params["MaxResults"],
                              key=lambda j: [-j.created.timestamp(), j.id])
    return {"UserImportJobs": [user_import_job(j) for j in chunk], "PaginationToken": token}


@action(IDP, "GetCSVHeader")
def get_csv_header(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    return {"UserPoolId": pool.id, "CSVHeader": csv_header(pool.schema)}
