"""Every setting the backend reads is a typed value parsed in the concept's api ``parse.py``
(docs/architecture.md, Concepts): no backend module subscripts a PascalCase (AWS member) key, except
the reads named here with their reason. Trigger events (``trigger_events.py``, ``triggers.py``) are
AWS-shaped by definition and use camelCase; AuthParameters / ChallengeResponses are free-form
UPPER_CASE maps by definition, so neither is caught."""
import ast
import pathlib
import re

PACKAGE = pathlib.Path(__file__).resolve().parents[2] / "cognito_mock"
PASCAL = re.compile(r"[A-Z][a-z]+[A-Za-z0-9]*")
# module (relative to backend/) -> the PascalCase keys it may read, and why
ALLOWED = {
    "identity/saml_logins.py": ({"Value", "Name"}, "XML attributes of a SAML assertion, not an AWS dict"),
    "idp/federation/saml.py": ({"Binding", "Location"}, "XML attributes of SAML metadata"),
    "idp/federation/saml_sp.py": ({"Name", "Value", "Recipient", "NotBefore", "NotOnOrAfter", "InResponseTo",
                                   "Format", "SessionIndex", "RelayState"},
                                  "XML attributes of a SAML response, HTTP-Redirect query parameters"),
    "idp/federation/saml_idp.py": ({"SigAlg", "Signature"}, "HTTP-Redirect binding query parameters"),
    "idp/federation/saml_encryption.py": ({"Algorithm"}, "XML attributes of XML Encryption elements"),
    "idp/federation/saml_logout.py": ({"InResponseTo", "Value"}, "XML attributes of a SAML LogoutResponse"),
    "kms.py": ({"CiphertextBlob", "Code", "Error", "KeyId", "Plaintext"},
               "KMS's own API (GenerateDataKey through boto3), not a Cognito member"),
    "idp/pools/point_in_time_history.py": ({"Users", "Groups", "Passkeys"}, "its own counts, keyed as reported"),
    "idp/pools/pools.py": ({"SmsConfiguration", "PreTokenGeneration"},
                           "UserPool.echo (DescribeUserPool only); a trigger's name in TriggerConfig"),
    "idp/security/adaptive.py": ({"Valid", "Invalid"}, "its own one-click links"),
}


def pascal_keys(source: str) -> dict[str, int]:
    """PascalCase string keys read by ``x["Key"]`` or ``x.get("Key")`` (annotations are not reads)."""
    tree = ast.parse(source)
    annotations = {id(n) for node in ast.walk(tree) for a in _annotations(node) for n in ast.walk(a)}
    found: dict[str, int] = {}
    for node in ast.walk(tree):
        key = None
        if isinstance(node, ast.Subscript) and id(node) not in annotations and isinstance(node.slice, ast.Constant):
            key = node.slice.value
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get"
              and node.args and isinstance(node.args[0], ast.Constant)):
            key = node.args[0].value
        if isinstance(key, str) and PASCAL.fullmatch(key):
            found.setdefault(key, node.lineno)
    return found


def _annotations(node):
    if isinstance(node, ast.AnnAssign):
        yield node.annotation
    elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        yield from (a.annotation for a in node.args.args + node.args.kwonlyargs if a.annotation)
        if node.returns:
            yield node.returns


def test_the_backend_reads_no_aws_member():
    problems = {}
    for path in sorted((PACKAGE / "backend").rglob("*.py")):
        rel = str(path.relative_to(PACKAGE / "backend"))
        allowed = ALLOWED.get(rel, (set(), ""))[0]
        extra = {k: line for k, line in pascal_keys(path.read_text()).items() if k not in allowed}
        if extra:
            problems[rel] = extra
    assert problems == {}, "parse AWS members in the concept's api parse.py and pass typed values down"


def test_every_allowance_is_still_needed():
    for rel, (keys, reason) in ALLOWED.items():
        assert keys <= set(pascal_keys((PACKAGE / "backend" / rel).read_text())), f"{rel}: drop what is gone"


def test_the_check_sees_a_member_read():
    sample = 'def f(spec: dict["Ann", int]) -> None:\n    x: list["Passkey"] = []\n    return spec["Name"], spec.get("Mutable"), spec["userName"]\n'
    assert pascal_keys(sample) == {"Name": 3, "Mutable": 3}
