"""cognito-mock: a local emulator of Amazon Cognito."""
from .version import __version__

from .patching.mock import CognitoMock, mock_cognito  # noqa: E402

__all__ = ["mock_cognito", "CognitoMock", "__version__"]
