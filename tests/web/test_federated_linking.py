"""A federated sign-in into a linked local profile: "your user pool reads your user's claims and
compares them to mapping rules for the IdP. Your user pool then updates the linked local profile with
the claims mapped from their sign-in" (Amazon Cognito developer guide, Linking federated users)."""
import requests

from federation_helpers import GOOGLE, add_provider, claims_of, federated_tokens


def _attributes(idp, hosted, username):
    user = idp.admin_get_user(UserPoolId=hosted.pool_id, Username=username)
    return {a["Name"]: a["Value"] for a in user["UserAttributes"]}


def _link(idp, hosted, sub):
    idp.admin_link_provider_for_user(
        UserPoolId=hosted.pool_id, DestinationUser={"ProviderName": "Cognito", "ProviderAttributeValue": "ana"},
        SourceUser={"ProviderName": "Google", "ProviderAttributeName": "Cognito_Subject", "ProviderAttributeValue": sub})


def test_each_sign_in_updates_the_linked_local_profile(idp, hosted):
    add_provider(idp, hosted, "Google", "Google", GOOGLE, {"name": "name", "given_name": "given_name"})
    _link(idp, hosted, "4004")
    before = _attributes(idp, hosted, "ana")
    tokens = federated_tokens(hosted, requests.Session(), "Google", sub="4004", name="Ana Google", given_name="Ana")
    after = _attributes(idp, hosted, "ana")
    assert after["name"] == "Ana Google" and after["given_name"] == "Ana"
    assert after["email"] == before["email"] and after["sub"] == before["sub"]        # not mapped: kept
    assert claims_of(tokens["id_token"])["name"] == "Ana Google"
    federated_tokens(hosted, requests.Session(), "Google", sub="4004", name="Ana Renamed")
    assert _attributes(idp, hosted, "ana")["name"] == "Ana Renamed"


def test_a_link_by_claim_maps_on_its_first_sign_in_too(idp, hosted):
    add_provider(idp, hosted, "Google", "Google", GOOGLE, {"name": "name"})
    idp.admin_link_provider_for_user(
        UserPoolId=hosted.pool_id, DestinationUser={"ProviderName": "Cognito", "ProviderAttributeValue": "ana"},
        SourceUser={"ProviderName": "Google", "ProviderAttributeName": "email", "ProviderAttributeValue": "ana@gmail.com"})
    federated_tokens(hosted, requests.Session(), "Google", sub="5005", email="ana@gmail.com", name="Ana By Email")
    assert _attributes(idp, hosted, "ana")["name"] == "Ana By Email"
