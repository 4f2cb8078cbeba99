"""No undefined name anywhere in the package: a missing import is found here, not as an HTTP 500 in a
path no behaviour test reaches (pyflakes' checks, less the import-style ones: re-exports are on purpose)."""
import pathlib

from pyflakes import api, messages, reporter

PACKAGE = pathlib.Path(__file__).resolve().parents[2]
IGNORED = (messages.UnusedImport, messages.RedefinedWhileUnused, messages.ImportStarUsed,
           messages.ImportStarUsage, messages.UnusedVariable, messages.FStringMissingPlaceholders)


class Collect(reporter.Reporter):
    def __init__(self):
        super().__init__(None, None)
        self.found = []

    def flake(self, message):
        if not isinstance(message, IGNORED):
            self.found.append(f"{message.filename}:{message.lineno}: {message.message % message.message_args}")

    def syntaxError(self, filename, msg, lineno, offset, text):  # noqa: N802 (pyflakes' name)
        self.found.append(f"{filename}:{lineno}: {msg}")

    def unexpectedError(self, filename, msg):  # noqa: N802
        self.found.append(f"{filename}: {msg}")


def test_no_undefined_names():
    collected = Collect()
    for package in ("cognito_mock", "conftest_plugin", "scripts"):
        api.checkRecursive([str(PACKAGE / package)], collected)
    assert collected.found == []
