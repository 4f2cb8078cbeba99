"""Which client_id values are client ID metadata document URLs, and how a CIMD policy's URL patterns
match them (backend/idp/clients/cimd.py): ``*`` never crosses into another host or past the path."""
import pytest

from cognito_mock.backend.idp.clients.cimd import is_client_url, matches


@pytest.mark.parametrize("value,expected", [
    ("https://tools.example.net/client.json", True),
    ("https://tools.example.net:8443/c?v=1", True),
    ("https://tools.example.net", False),               # a path is required
    ("http://tools.example.net/client.json", False),
    ("https://user@tools.example.net/client.json", False),
    ("https://tools.example.net/client.json#x", False),
    ("https://tools.example.net/a/../client.json", False),
    ("1example23clientid", False),
])
def test_client_identifier_urls(value, expected):
    assert is_client_url(value) is expected


@pytest.mark.parametrize("pattern,url,expected", [
    ("https://tools.example.net/client.json", "https://tools.example.net/client.json", True),
    ("https://tools.example.net/client.json", "https://tools.example.net/client.jsonx", False),
    ("https://tools.example.net/*", "https://tools.example.net/v2/client.json", True),
    ("https://tools.example.net/*", "https://tools.example.net.evil.com/client.json", False),
    ("https://*.example.net/client.json", "https://a.b.example.net/client.json", True),
    ("https://*.example.net/client.json", "https://evil.com/x.example.net/client.json", False),
    ("https://*.example.net/client.json", "https://evil.com#.example.net/client.json", False),
    ("https://*.example.net/client.json", "https://u@x.example.net/client.json", False),
    ("https://tools.example.net/*.json", "https://tools.example.net/c.json?x=.json", False),
])
def test_url_patterns(pattern, url, expected):
    assert matches(pattern, url) is expected
