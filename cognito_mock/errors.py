"""Every error the emulator can answer with.

One class per AWS error code; the class name *is* the code (``__type`` on the wire). Raise with
AWS's exact message. ``status`` is the HTTP status AWS answers with; the wire layer may refine it
from the service model when a service documents another one.
"""
from __future__ import annotations


class AwsError(Exception):
    """Base of every AWS service error. ``code`` defaults to the class name."""

    code: str = "AwsError"
    status: int = 400

    def __init_subclass__(cls, **kw):
        super().__init_subclass__(**kw)
        if "code" not in cls.__dict__:
            cls.code = cls.__name__

    def __init__(self, message: str = ""):
        super().__init__(message)
        self.message = message

    def __repr__(self) -> str:
        return f"{self.code}({self.message!r})"


# --- protocol errors (any service) -----------------------------------------------------------
class UnknownOperationException(AwsError):
    pass


class SerializationException(AwsError):
    pass


class ValidationException(AwsError):
    """cognito-identity's (and AWS's generic) input constraint error."""


class InternalFailure(AwsError):
    """Answered for an action the emulator does not implement yet (HTTP 501)."""

    status = 501


class IncompleteSignature(AwsError):
    status = 403


class MissingAuthenticationToken(AwsError):
    status = 403


# --- service errors (codes taken from botocore's models; a test keeps them in step) ----------
class AccessDeniedException(AwsError): pass
class AliasExistsException(AwsError): pass
class AlreadyStreamedException(AwsError): pass
class CachedCIMDURLDoesNotExistException(AwsError): pass
class CodeDeliveryFailureException(AwsError): pass
class CodeMismatchException(AwsError): pass
class ConcurrentModificationException(AwsError): pass
class DeveloperUserAlreadyRegisteredException(AwsError): pass
class DeviceKeyExistsException(AwsError): pass
class DuplicateProviderException(AwsError): pass
class DuplicateRequestException(AwsError): pass
class EnableSoftwareTokenMFAException(AwsError): pass
class ExpiredCodeException(AwsError): pass
class ExternalServiceException(AwsError): pass
class FeatureUnavailableInTierException(AwsError): pass
class ForbiddenException(AwsError): pass
class GroupExistsException(AwsError): pass
class InternalErrorException(AwsError):
    status = 500
class InternalServerException(AwsError):
    status = 500
class InvalidConfigurationException(AwsError): pass
class InvalidEmailRoleAccessPolicyException(AwsError): pass
class InvalidIdentityPoolConfigurationException(AwsError): pass
class InvalidLambdaFunctionOutputException(AwsError): pass
class InvalidLambdaResponseException(AwsError): pass
class InvalidOAuthFlowException(AwsError): pass
class InvalidParameterException(AwsError): pass
class InvalidPasswordException(AwsError): pass
class InvalidSmsRoleAccessPolicyException(AwsError): pass
class InvalidSmsRoleTrustRelationshipException(AwsError): pass
class InvalidUserPoolConfigurationException(AwsError): pass
class LambdaThrottledException(AwsError): pass
class LimitExceededException(AwsError): pass
class MFAMethodNotFoundException(AwsError): pass
class ManagedLoginBrandingExistsException(AwsError): pass
class NotAuthorizedException(AwsError): pass
class OperationNotEnabledException(AwsError): pass
class PasswordHistoryPolicyViolationException(AwsError): pass
class PasswordResetRequiredException(AwsError): pass
class PreconditionNotMetException(AwsError): pass
class RefreshTokenReuseException(AwsError): pass
class ResourceConflictException(AwsError): pass
class ResourceNotFoundException(AwsError): pass
class ScopeDoesNotExistException(AwsError): pass
class ServiceQuotaExceededException(AwsError): pass
class SoftwareTokenMFANotFoundException(AwsError): pass
class TermsExistsException(AwsError): pass
class TierChangeNotAllowedException(AwsError): pass
class TooManyFailedAttemptsException(AwsError): pass
class TooManyRequestsException(AwsError): pass
class UnauthorizedException(AwsError): pass
class UnexpectedLambdaException(AwsError): pass
class UnsupportedIdentityProviderException(AwsError): pass
class UnsupportedOperationException(AwsError): pass
class UnsupportedTokenTypeException(AwsError): pass
class UnsupportedUserStateException(AwsError): pass
class UserImportInProgressException(AwsError): pass
class UserLambdaValidationException(AwsError): pass
class UserNotConfirmedException(AwsError): pass
class UserNotFoundException(AwsError): pass
class UserPoolAddOnNotEnabledException(AwsError): pass
class UserPoolTaggingException(AwsError): pass
class UsernameExistsException(AwsError): pass
class WebAuthnChallengeNotFoundException(AwsError): pass
class WebAuthnClientMismatchException(AwsError): pass
class WebAuthnConfigurationMissingException(AwsError): pass
class WebAuthnCredentialNotSupportedException(AwsError): pass
class WebAuthnNotEnabledException(AwsError): pass
class WebAuthnOriginNotAllowedException(AwsError): pass
class WebAuthnRelyingPartyMismatchException(AwsError): pass


PROTOCOL_ERRORS = frozenset(
    c.code for c in (UnknownOperationException, SerializationException, ValidationException,
                     InternalFailure, IncompleteSignature, MissingAuthenticationToken)
)


def all_error_classes() -> list[type[AwsError]]:
    """Every concrete error class defined here (used by the conformance tests)."""
    return [c for c in globals().values()
            if isinstance(c, type) and issubclass(c, AwsError) and c is not AwsError]


# --- OAuth2 (RFC 6749 section 5.2) errors, answered by the web endpoints ----------------------
class OAuthError(Exception):
    error: str = "invalid_request"
    status: int = 400

    def __init__(self, description: str = ""):
        super().__init__(description)
        self.description = description


class InvalidRequest(OAuthError): error = "invalid_request"
class InvalidClient(OAuthError):
    error = "invalid_client"
    status = 401
class InvalidGrant(OAuthError): error = "invalid_grant"
class UnauthorizedClient(OAuthError): error = "unauthorized_client"
class UnsupportedGrantType(OAuthError): error = "unsupported_grant_type"
class InvalidScope(OAuthError): error = "invalid_scope"
class UnsupportedResponseType(OAuthError): error = "unsupported_response_type"
class UnsupportedTokenType(OAuthError): error = "unsupported_token_type"
class InvalidToken(OAuthError):
    error = "invalid_token"
    status = 401
class RedirectMismatch(OAuthError):
    """redirect_uri is not one of the client's CallbackURLs: shown on the domain's /error page."""

    error = "redirect_mismatch"
