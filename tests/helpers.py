"""Small helpers shared by the test packages (tests/ is on sys.path through tests/conftest.py)."""


def error_of(raised):
    """(Code, Message) of the ClientError a ``pytest.raises`` block caught."""
    err = raised.value.response["Error"]
    return err["Code"], err["Message"]
