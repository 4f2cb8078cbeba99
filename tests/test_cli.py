"""The command line refuses what it cannot do with a clear line and exit status 2, no traceback."""
import pytest

from cognito_mock import cli


@pytest.mark.parametrize("port", ["70000", "-1", "0", "http", "65536"])
def test_a_port_out_of_range_is_refused(port, capsys):
    with pytest.raises(SystemExit) as stopped:
        cli.main(["serve", "--port", port])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "usage: cognito-mock serve" in err and "is not a port number" in err and "Traceback" not in err


def test_an_unknown_flag_after_serve_shows_serves_usage(capsys):
    with pytest.raises(SystemExit) as stopped:
        cli.main(["serve", "--prot", "1"])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "usage: cognito-mock serve" in err and "unrecognized arguments: --prot 1" in err


@pytest.mark.parametrize("host,loopback", [("127.0.0.1", True), ("127.9.9.9", True), ("::1", True),
                                           ("localhost", True), ("0.0.0.0", False), ("192.0.2.7", False),
                                           ("example.com", False)])
def test_which_hosts_are_loopback(host, loopback):
    assert cli.is_loopback(host) is loopback
