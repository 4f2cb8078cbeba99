"""What ``cognito-mock api`` serves, from a small routes file or a SAM/CloudFormation template.

Routes file (JSON, or YAML with PyYAML installed)::

    {"type": "rest", "userPoolId": "us-east-1_Abc", "codeDir": "src",
     "routes": [{"method": "GET", "path": "/items/{id}", "handler": "app.get_item", "scopes": ["api/read"]},
                {"method": "GET", "path": "/health", "handler": "app.health", "authorizer": false}]}

``type`` ``http`` takes ``issuer`` (or ``userPoolId``) and ``audience`` (app client ids) instead.

SAM templates: the ``Api`` / ``HttpApi`` events of ``AWS::Serverless::Function`` resources (``Path``,
``Method``, ``Auth.Authorizer`` / ``NONE``, ``Auth.AuthorizationScopes``), their API's ``Auth``
(``DefaultAuthorizer``, ``Authorizers``: ``UserPoolArn`` + ``Identity.Header`` for REST,
``JwtConfiguration`` + ``IdentitySource`` for HTTP), and plain CloudFormation
``AWS::ApiGateway::Authorizer`` (``COGNITO_USER_POOLS``, ``ProviderARNs``) or
``AWS::ApiGatewayV2::Authorizer`` (``JWT``, ``JwtConfiguration``) resources. Values given by
intrinsic functions (``!GetAtt UserPool.Arn``, ``!Ref``...) cannot be known locally: give them on the
command line (``--user-pool-id``, ``--client-id``), which also override what the file says.
"""
from __future__ import annotations

import json
import pathlib
from dataclasses import dataclass, field
from typing import Any

from .routes import Route

SERVERLESS_API = {"Api": "AWS::Serverless::Api", "HttpApi": "AWS::Serverless::HttpApi"}


class SpecError(ValueError):
    """The routes file or template cannot be served; the message says where."""


@dataclass(slots=True)
class ApiSpec:
    kind: str                                   # "rest" or "http"
    routes: list[Route]
    user_pool_ids: list[str] = field(default_factory=list)
    issuer: str | None = None
    audience: list[str] = field(default_factory=list)
    identity_source: str = "Authorization"
    code_dirs: list[str] = field(default_factory=list)

    def override(self, user_pool_id: str | None, client_ids: list[str]) -> "ApiSpec":
        if user_pool_id:
            self.user_pool_ids, self.issuer = [user_pool_id], None if self.kind == "rest" else user_pool_id
        if client_ids:
            self.audience = list(client_ids)
        if self.kind == "rest" and not self.user_pool_ids:
            raise SpecError("the authorizer's user pool is not known: give --user-pool-id")
        if self.kind == "http" and (not self.issuer or not self.audience):
            raise SpecError("the JWT authorizer's issuer and audience are not known: give --user-pool-id and --client-id")
        return self


def load(path: str) -> ApiSpec:
    """A routes file or a SAM/CloudFormation template, told apart by ``Resources``."""
    file = pathlib.Path(path)
    try:
        text = file.read_text()
    except OSError as error:
        raise SpecError(f"{path}: {error.strerror or error}") from None
    document = _parse(path, text)
    if not isinstance(document, dict):
        raise SpecError(f"{path}: not a JSON/YAML object")
    base = str(file.resolve().parent)
    return from_template(document, base) if "Resources" in document else from_routes_file(document, base)


def from_routes_file(document: dict, base: str) -> ApiSpec:
    kind = document.get("type", "rest")
    if kind not in ("rest", "http"):
        raise SpecError(f"type: {kind!r} is not rest or http")
    routes = []
    for i, item in enumerate(document.get("routes") or []):
        try:
            routes.append(Route(item.get("method", "ANY"), item["path"], list(item.get("scopes") or []),
                                bool(item.get("authorizer", True)), item["handler"]))
        except (KeyError, AttributeError, TypeError):
            raise SpecError(f"routes[{i}]: needs path and handler") from None
    pool = document.get("userPoolId")
    return ApiSpec(kind, routes, [pool] if pool else [], document.get("issuer") or pool,
                   list(document.get("audience") or []), document.get("identitySource", "Authorization"),
                   [str(pathlib.Path(base, document.get("codeDir", ".")))])


def from_template(template: dict, base: str) -> ApiSpec:
    resources = template.get("Resources") or {}
    function_globals = (template.get("Globals") or {}).get("Function") or {}
    routes: dict[str, list[Route]] = {"rest": [], "http": []}
    auth: dict[str, tuple[dict, str | None]] = {}     # kind -> (authorizer definition, its identity source)
    code_dirs: list[str] = []
    for name, resource in resources.items():
        if resource.get("Type") != "AWS::Serverless::Function":
            continue
        props = resource.get("Properties") or {}
        handler = props.get("Handler") or function_globals.get("Handler")
        code = props.get("CodeUri") or function_globals.get("CodeUri") or "."
        if isinstance(code, str):
            code_dirs.append(str(pathlib.Path(base, code)))
        for event_name, event in (props.get("Events") or {}).items():
            kind = {"Api": "rest", "HttpApi": "http"}.get(event.get("Type"))
            if kind is None:
                continue
            eprops = event.get("Properties") or {}
            api_auth = _api_auth(template, eprops.get("RestApiId" if kind == "rest" else "ApiId"), kind)
            wanted = (eprops.get("Auth") or {}).get("Authorizer", api_auth.get("DefaultAuthorizer"))
            definition = (api_auth.get("Authorizers") or {}).get(wanted) if wanted not in (None, "NONE") else None
            if wanted not in (None, "NONE") and definition is None:
                definition = _cfn_authorizer(resources, wanted, kind)
                if definition is None:
                    raise SpecError(f"Resources.{name}.Events.{event_name}: authorizer {wanted!r} is not defined")
            if definition is not None:
                auth.setdefault(kind, (definition, wanted))
            routes[kind].append(Route(str(eprops.get("Method", "ANY")).replace("any", "ANY"), eprops.get("Path", "/"),
                                      list((eprops.get("Auth") or {}).get("AuthorizationScopes") or []),
                                      definition is not None, handler))
    kinds = [k for k in ("rest", "http") if routes[k]]
    if len(kinds) != 1:
        raise SpecError("the template needs Api or HttpApi events, of one kind" if not kinds
                        else "the template has both Api and HttpApi events: serve one file per API")
    kind = kinds[0]
    definition = auth.get(kind, ({}, None))[0]
    if kind == "rest":
        arns = definition.get("UserPoolArn") or definition.get("ProviderARNs") or []
        pools = [_pool_of(a) for a in (arns if isinstance(arns, list) else [arns])]
        header = ((definition.get("Identity") or {}).get("Header")
                  or str(definition.get("IdentitySource", "")).removeprefix("method.request.header.") or "Authorization")
        return ApiSpec(kind, routes[kind], [p for p in pools if p], identity_source=header, code_dirs=code_dirs)
    jwt = definition.get("JwtConfiguration") or {}
    issuer, audience = jwt.get("issuer") or jwt.get("Issuer"), jwt.get("audience") or jwt.get("Audience") or []
    source = definition.get("IdentitySource") or "$request.header.Authorization"
    return ApiSpec(kind, routes[kind], issuer=issuer if isinstance(issuer, str) else None,
                   audience=[a for a in audience if isinstance(a, str)],
                   identity_source=(source[0] if isinstance(source, list) else source), code_dirs=code_dirs)


def _api_auth(template: dict, reference: Any, kind: str) -> dict:
    """The ``Auth`` of the API an event names (``RestApiId: !Ref MyApi``), or the implicit API's."""
    if isinstance(reference, dict) and "Ref" in reference:
        api = (template.get("Resources") or {}).get(reference["Ref"]) or {}
        return (api.get("Properties") or {}).get("Auth") or {}
    return ((template.get("Globals") or {}).get("Api" if kind == "rest" else "HttpApi") or {}).get("Auth") or {}


def _cfn_authorizer(resources: dict, name: str, kind: str) -> dict | None:
    resource = resources.get(name) or {}
    wanted = "AWS::ApiGateway::Authorizer" if kind == "rest" else "AWS::ApiGatewayV2::Authorizer"
    return (resource.get("Properties") or {}) if resource.get("Type") == wanted else None


def _pool_of(arn: Any) -> str | None:
    """``arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Abc`` -> the pool id; an
    intrinsic function (unknown locally) -> None."""
    return arn.rsplit("/", 1)[1] if isinstance(arn, str) and ":userpool/" in arn else None


def _parse(path: str, text: str) -> Any:
    if path.endswith((".yaml", ".yml")):
        try:
            import yaml
        except ImportError:
            raise SpecError(f"{path}: YAML needs PyYAML (pip install 'cognito-mock[yaml]')") from None

        class Loader(yaml.SafeLoader):
            pass

        def intrinsic(loader, tag_suffix, node):        # !GetAtt, !Ref, !Sub ... -> {"Fn::X": value}
            value = (loader.construct_scalar(node) if isinstance(node, yaml.ScalarNode)
                     else loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode)
                     else loader.construct_mapping(node))
            return {"Ref": value} if tag_suffix == "Ref" else {f"Fn::{tag_suffix}": value}

        Loader.add_multi_constructor("!", intrinsic)
        try:
            return yaml.load(text, Loader=Loader)         # noqa: S506 (a SafeLoader subclass)
        except yaml.YAMLError as error:
            raise SpecError(f"{path}: {error}") from None
    try:
        return json.loads(text)
    except ValueError as error:
        raise SpecError(f"{path}: {error}") from None
