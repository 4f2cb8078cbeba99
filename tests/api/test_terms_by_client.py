"""DescribeTermsByClient: a client's terms document, found by client and terms name."""
import pytest
from botocore.exceptions import ClientError
from helpers import error_of

LINKS = {"cognito:default": "https://example.com/terms"}


def make_terms(idp, pool_id, client_id, name="terms-of-use"):
    return idp.create_terms(UserPoolId=pool_id, ClientId=client_id, TermsName=name, TermsSource="LINK",
                            Enforcement="NONE", Links=LINKS)["Terms"]


def test_describe_terms_by_client_matches_describe_terms(idp, pool_id, client_id):
    terms = make_terms(idp, pool_id, client_id)
    privacy = make_terms(idp, pool_id, client_id, name="privacy-policy")
    found = idp.describe_terms_by_client(UserPoolId=pool_id, ClientId=client_id, TermsName="terms-of-use")["Terms"]
    assert found == idp.describe_terms(UserPoolId=pool_id, TermsId=terms["TermsId"])["Terms"] == terms
    assert idp.describe_terms_by_client(UserPoolId=pool_id, ClientId=client_id,
                                        TermsName="privacy-policy")["Terms"]["TermsId"] == privacy["TermsId"]


def test_terms_by_client_follow_renames_and_deletes(idp, pool_id, client_id):
    terms = make_terms(idp, pool_id, client_id)
    idp.update_terms(UserPoolId=pool_id, TermsId=terms["TermsId"], TermsName="privacy-policy")
    assert idp.describe_terms_by_client(UserPoolId=pool_id, ClientId=client_id,
                                        TermsName="privacy-policy")["Terms"]["TermsId"] == terms["TermsId"]
    with pytest.raises(ClientError) as exc:
        idp.describe_terms_by_client(UserPoolId=pool_id, ClientId=client_id, TermsName="terms-of-use")
    assert error_of(exc) == ("ResourceNotFoundException",
                             f"Terms terms-of-use do not exist for client {client_id}.")
    # the old name is free again
    again = make_terms(idp, pool_id, client_id)
    idp.delete_terms(UserPoolId=pool_id, TermsId=terms["TermsId"])
    with pytest.raises(ClientError) as exc:
        idp.describe_terms_by_client(UserPoolId=pool_id, ClientId=client_id, TermsName="privacy-policy")
    assert error_of(exc)[0] == "ResourceNotFoundException"
    assert idp.describe_terms_by_client(UserPoolId=pool_id, ClientId=client_id,
                                        TermsName="terms-of-use")["Terms"]["TermsId"] == again["TermsId"]


def test_terms_of_another_client_are_not_found(idp, pool_id, client_id):
    make_terms(idp, pool_id, client_id)
    other = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="other")["UserPoolClient"]["ClientId"]
    with pytest.raises(ClientError) as exc:
        idp.describe_terms_by_client(UserPoolId=pool_id, ClientId=other, TermsName="terms-of-use")
    assert error_of(exc) == ("ResourceNotFoundException", f"Terms terms-of-use do not exist for client {other}.")


def test_unknown_pool_client_and_terms_name(idp, pool_id, client_id):
    with pytest.raises(ClientError) as exc:
        idp.describe_terms_by_client(UserPoolId="us-east-1_nothere", ClientId=client_id, TermsName="terms-of-use")
    assert error_of(exc) == ("ResourceNotFoundException", "User pool us-east-1_nothere does not exist.")
    with pytest.raises(ClientError) as exc:
        idp.describe_terms_by_client(UserPoolId=pool_id, ClientId="nosuchclient", TermsName="terms-of-use")
    assert error_of(exc) == ("ResourceNotFoundException", "User pool client nosuchclient does not exist.")
    with pytest.raises(ClientError) as exc:
        idp.describe_terms_by_client(UserPoolId=pool_id, ClientId=client_id, TermsName="cookies")
    assert error_of(exc)[0] == "InvalidParameterException"
