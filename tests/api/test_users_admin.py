import pytest
from botocore.exceptions import ClientError
from helpers import error_of


def test_admin_create_user(idp, pool_id):
    user = idp.admin_create_user(UserPoolId=pool_id, Username="ana", TemporaryPassword="Temp0rary!",
                                 MessageAction="SUPPRESS",
                                 UserAttributes=[{"Name": "email", "Value": "ana@example.com"}])["User"]
    assert user["Username"] == "ana"
    assert user["UserStatus"] == "FORCE_CHANGE_PASSWORD"
    assert user["Enabled"] is True
    assert user["Attributes"][0]["Name"] == "sub" and len(user["Attributes"][0]["Value"]) == 36
    assert {"Name": "email", "Value": "ana@example.com"} in user["Attributes"]
    got = idp.admin_get_user(UserPoolId=pool_id, Username="ana")
    assert got["UserAttributes"] == user["Attributes"]
    assert got["UserCreateDate"] == user["UserCreateDate"]
    assert idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]["EstimatedNumberOfUsers"] == 1


def test_invitation_goes_to_the_outbox_with_a_generated_password(mock, idp, pool_id, client_id):
    idp.admin_create_user(UserPoolId=pool_id, Username="ana", DesiredDeliveryMediums=["EMAIL"],
                          UserAttributes=[{"Name": "email", "Value": "ana@example.com"}])
    message = mock.outbox.last(to="ana@example.com")
    assert message.kind == "INVITATION" and message.temporary_password in message.body
    result = idp.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH",
                               AuthParameters={"USERNAME": "ana", "PASSWORD": message.temporary_password})
    assert result["ChallengeName"] == "NEW_PASSWORD_REQUIRED"


def test_a_suppressed_invitation_leaves_no_password_that_signs_in(mock, idp, pool_id, client_id):
    """SUPPRESS without TemporaryPassword: the password Cognito makes is told to nobody, so no password
    signs the user in until an administrator sets one; that unknowable one is not remembered after."""
    from cognito_mock.backend.idp.pools import pools
    idp.admin_create_user(UserPoolId=pool_id, Username="ana", MessageAction="SUPPRESS")
    assert mock.outbox.messages == []
    for guess in ("", "Passw0rd!", "Temp0rary!"):
        with pytest.raises(ClientError) as raised:
            idp.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH",
                              AuthParameters={"USERNAME": "ana", "PASSWORD": guess or "x"})
        assert error_of(raised) == ("NotAuthorizedException", "Incorrect username or password.")
    idp.admin_set_user_password(UserPoolId=pool_id, Username="ana", Password="Chosen-Passw0rd!", Permanent=True)
    result = idp.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH",
                               AuthParameters={"USERNAME": "ana", "PASSWORD": "Chosen-Passw0rd!"})
    assert "AccessToken" in result["AuthenticationResult"]
    assert pools.locate(mock.store, pool_id).users["ana"].password_history == []


def test_duplicate_username(idp, pool_id):
    idp.admin_create_user(UserPoolId=pool_id, Username="ana", MessageAction="SUPPRESS")
    with pytest.raises(ClientError) as exc:
        idp.admin_create_user(UserPoolId=pool_id, Username="ana", MessageAction="SUPPRESS")
    assert error_of(exc) == ("UsernameExistsException", "User account already exists")


def test_case_insensitive_pool_folds_usernames(idp):
    pool_id = idp.create_user_pool(PoolName="p", UsernameConfiguration={"CaseSensitive": False})["UserPool"]["Id"]
    idp.admin_create_user(UserPoolId=pool_id, Username="Ana", MessageAction="SUPPRESS")
    assert idp.admin_get_user(UserPoolId=pool_id, Username="ANA")["Username"] == "Ana"
    with pytest.raises(ClientError) as exc:
        idp.admin_create_user(UserPoolId=pool_id, Username="ana", MessageAction="SUPPRESS")
    assert error_of(exc)[0] == "UsernameExistsException"


def test_unknown_attribute_is_refused(idp, pool_id):
    with pytest.raises(ClientError) as exc:
        idp.admin_create_user(UserPoolId=pool_id, Username="ana", MessageAction="SUPPRESS",
                              UserAttributes=[{"Name": "custom:team", "Value": "x"}])
    assert error_of(exc) == ("InvalidParameterException",
                             "Attributes did not conform to the schema: custom:team: Attribute does not exist in the schema.\n")
    with pytest.raises(ClientError) as exc:
        idp.admin_get_user(UserPoolId=pool_id, Username="ana")
    assert error_of(exc) == ("UserNotFoundException", "User does not exist.")


@pytest.mark.parametrize("password, rule", [
    ("Sh0rt!", "Password not long enough"),
    ("NOLOWER1!", "Password must have lowercase characters"),
    ("noupper1!", "Password must have uppercase characters"),
    ("NoNumbers!", "Password must have numeric characters"),
    ("NoSymbols1", "Password must have symbol characters"),
])
def test_temporary_password_must_meet_the_policy(idp, pool_id, password, rule):
    with pytest.raises(ClientError) as exc:
        idp.admin_create_user(UserPoolId=pool_id, Username="ana", TemporaryPassword=password,
                              MessageAction="SUPPRESS")
    assert error_of(exc) == ("InvalidPasswordException", f"Password did not conform with policy: {rule}")
    assert idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]["EstimatedNumberOfUsers"] == 0


def test_admin_set_user_password(idp, pool_id):
    idp.admin_create_user(UserPoolId=pool_id, Username="ana", MessageAction="SUPPRESS")
    idp.admin_set_user_password(UserPoolId=pool_id, Username="ana", Password="Passw0rd!", Permanent=True)
    assert idp.admin_get_user(UserPoolId=pool_id, Username="ana")["UserStatus"] == "CONFIRMED"
    idp.admin_set_user_password(UserPoolId=pool_id, Username="ana", Password="Passw0rd!2", Permanent=False)
    assert idp.admin_get_user(UserPoolId=pool_id, Username="ana")["UserStatus"] == "FORCE_CHANGE_PASSWORD"


def test_admin_set_user_password_enforces_policy(idp, pool_id, confirmed_user, client_id):
    with pytest.raises(ClientError) as exc:
        idp.admin_set_user_password(UserPoolId=pool_id, Username=confirmed_user, Password="weak", Permanent=True)
    assert error_of(exc) == ("InvalidPasswordException", "Password did not conform with policy: Password not long enough")
    # the old password still works
    result = idp.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH",
                               AuthParameters={"USERNAME": confirmed_user, "PASSWORD": "Passw0rd!"})
    assert "AuthenticationResult" in result


@pytest.mark.parametrize("call", ["admin_get_user", "admin_delete_user"])
def test_unknown_user(idp, pool_id, call):
    with pytest.raises(ClientError) as exc:
        getattr(idp, call)(UserPoolId=pool_id, Username="ghost")
    assert error_of(exc) == ("UserNotFoundException", "User does not exist.")


def test_set_password_of_unknown_user(idp, pool_id):
    with pytest.raises(ClientError) as exc:
        idp.admin_set_user_password(UserPoolId=pool_id, Username="ghost", Password="Passw0rd!", Permanent=True)
    assert error_of(exc) == ("UserNotFoundException", "User does not exist.")


def test_admin_delete_user(idp, pool_id, confirmed_user):
    idp.admin_delete_user(UserPoolId=pool_id, Username=confirmed_user)
    with pytest.raises(ClientError) as exc:
        idp.admin_get_user(UserPoolId=pool_id, Username=confirmed_user)
    assert error_of(exc)[0] == "UserNotFoundException"


def test_users_in_unknown_pool(idp):
    with pytest.raises(ClientError) as exc:
        idp.admin_create_user(UserPoolId="us-east-1_nope12345", Username="ana")
    assert error_of(exc) == ("ResourceNotFoundException", "User pool us-east-1_nope12345 does not exist.")
