"""Every error code we define is one AWS documents (botocore's error shapes) or a protocol error."""
import botocore.session

from cognito_mock import errors


from cognito_mock.api.registry import ACTIONS
from helpers import model_has


def modelled_codes(implemented_only=False):
    session = botocore.session.get_session()
    codes = set()
    for service in ("cognito-idp", "cognito-identity", "cognito-sync"):
        model = session.get_service_model(service)
        for op in model.operation_names:
            if not implemented_only or op in ACTIONS[service]:
                codes.update(shape.name for shape in model.operation_model(op).error_shapes)
    return codes


# codes that operations newer than the oldest supported botocore brought (absent from older models)
NEWER = {"CachedCIMDURLDoesNotExistException": "UpdateClientMetadataURLState"}


def test_every_error_class_is_an_aws_code():
    known = modelled_codes() | errors.PROTOCOL_ERRORS
    known |= {code for code, operation in NEWER.items() if not model_has(operation)}
    unknown = sorted(c.code for c in errors.all_error_classes() if c.code not in known)
    assert unknown == []


def test_every_code_an_implemented_action_may_raise_has_a_class():
    # (operations botocore adds later bring their codes with them; they answer 501 until built)
    defined = {c.code for c in errors.all_error_classes()}
    assert sorted(modelled_codes(implemented_only=True) - defined) == []
