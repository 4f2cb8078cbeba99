"""botocore's service models, loaded once, and the lookups dispatch needs."""
from __future__ import annotations

from functools import lru_cache

import botocore.session
from botocore.model import OperationModel, ServiceModel

from ..errors import UnknownOperationException

IDP = "cognito-idp"
IDENTITY = "cognito-identity"
SYNC = "cognito-sync"
SERVICES = (IDP, IDENTITY, SYNC)

TARGET_PREFIXES = {
    "AWSCognitoIdentityProviderService": IDP,
    "AWSCognitoIdentityService": IDENTITY,
}
# botocore's event names use the service id ("cognito-identity-provider"), not the endpoint prefix.
SERVICE_BY_EVENT_ID = {"cognito-identity-provider": IDP, "cognito-identity": IDENTITY, "cognito-sync": SYNC}
# What the input constraint failure is called, per service (cognito-idp reports it as its own
# InvalidParameterException; cognito-identity answers the generic ValidationException).
VALIDATION_ERROR = {IDP: "InvalidParameterException", IDENTITY: "ValidationException",
                    SYNC: "InvalidParameterException"}


@lru_cache(maxsize=None)
def _session() -> botocore.session.Session:
    return botocore.session.get_session()


@lru_cache(maxsize=None)
def service_model(service: str) -> ServiceModel:
    return _session().get_service_model(service)


@lru_cache(maxsize=None)
def operation_model(service: str, name: str) -> OperationModel:
    return service_model(service).operation_model(name)


@lru_cache(maxsize=None)
def operation_names(service: str) -> frozenset[str]:
    return frozenset(service_model(service).operation_names)


def resolve_target(target: str) -> tuple[str, str]:
    """``X-Amz-Target`` -> (service, operation). Unknown -> UnknownOperationException."""
    prefix, _, name = target.partition(".")
    service = TARGET_PREFIXES.get(prefix)
    if service is None or name not in operation_names(service):
        raise UnknownOperationException(f"Unknown operation {target}" if target else "Missing X-Amz-Target")
    return service, name


@lru_cache(maxsize=None)
def documents_error(service: str, operation: str, code: str) -> bool:
    """Whether the model lists error ``code`` for ``operation`` (handlers raise only those)."""
    return any(shape.name == code for shape in operation_model(service, operation).error_shapes)


@lru_cache(maxsize=None)
def error_status(service: str, code: str) -> int | None:
    """The HTTP status the service's model documents for error ``code``, if any."""
    model = service_model(service)
    if code not in model.shape_names:
        return None
    return model.shape_for(code).metadata.get("error", {}).get("httpStatusCode")
