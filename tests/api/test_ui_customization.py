"""Set/GetUICustomization, managed login branding, terms."""
import base64

import pytest
from botocore.exceptions import ClientError
from helpers import error_of

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def with_domain(idp, pool_id):
    idp.create_user_pool_domain(UserPoolId=pool_id, Domain="my-app")
    return pool_id


def test_ui_customization_needs_a_domain(idp, pool_id):
    with pytest.raises(ClientError) as exc:
        idp.set_ui_customization(UserPoolId=pool_id, CSS=".label-customizable {color: red;}")
    assert error_of(exc) == ("InvalidParameterException",
                             "There has to be an existing domain associated with this user pool")


def test_pool_wide_and_client_customization(idp, with_domain, client_id):
    pool_id = with_domain
    assert idp.get_ui_customization(UserPoolId=pool_id)["UICustomization"] == {"UserPoolId": pool_id, "ClientId": "ALL"}
    css = ".label-customizable {font-weight: 400;}\n.submitButton-customizable:hover {color: red;}"
    pool_wide = idp.set_ui_customization(UserPoolId=pool_id, CSS=css, ImageFile=PNG)["UICustomization"]
    assert pool_wide["ClientId"] == "ALL" and pool_wide["CSS"] == css
    assert pool_wide["ImageUrl"].startswith("https://") and pool_wide["CSSVersion"]
    assert idp.get_ui_customization(UserPoolId=pool_id)["UICustomization"] == pool_wide
    # a client without its own customization sees the pool's
    assert idp.get_ui_customization(UserPoolId=pool_id, ClientId=client_id)["UICustomization"]["CSS"] == css
    own = idp.set_ui_customization(UserPoolId=pool_id, ClientId=client_id,
                                   CSS=".banner-customizable {background: blue;}")["UICustomization"]
    assert own["ClientId"] == client_id and "ImageUrl" not in own
    assert idp.get_ui_customization(UserPoolId=pool_id, ClientId=client_id)["UICustomization"] == own


@pytest.mark.parametrize("css", [".my-class {color: red;}", "body {color: red;}", ".label-customizable {color: red;"])
def test_css_outside_the_whitelist(idp, with_domain, css):
    with pytest.raises(ClientError) as exc:
        idp.set_ui_customization(UserPoolId=with_domain, CSS=css)
    assert error_of(exc)[0] == "InvalidParameterException"
    assert "CSS" not in idp.get_ui_customization(UserPoolId=with_domain)["UICustomization"]


def test_image_size_and_type(idp, with_domain):
    with pytest.raises(ClientError) as exc:
        idp.set_ui_customization(UserPoolId=with_domain, ImageFile=PNG + b"\x00" * (100 * 1024))
    assert error_of(exc)[0] == "InvalidParameterException"
    with pytest.raises(ClientError) as exc:
        idp.set_ui_customization(UserPoolId=with_domain, ImageFile=b"GIF89a....")
    assert error_of(exc)[0] == "InvalidParameterException"


def test_ui_customization_of_unknown_client(idp, with_domain):
    with pytest.raises(ClientError) as exc:
        idp.get_ui_customization(UserPoolId=with_domain, ClientId="nope")
    assert error_of(exc) == ("ResourceNotFoundException", "User pool client nope does not exist.")


# --- managed login branding -------------------------------------------------------------------
SETTINGS = {"components": {"primaryButton": {"lightMode": {"defaults": {"backgroundColor": "0972d3ff"}}}}}
ASSET = {"Category": "PAGE_HEADER_LOGO", "ColorMode": "LIGHT", "Extension": "PNG", "Bytes": PNG}


def test_branding_round_trip(idp, pool_id, client_id):
    made = idp.create_managed_login_branding(UserPoolId=pool_id, ClientId=client_id, Settings=SETTINGS,
                                             Assets=[ASSET])["ManagedLoginBranding"]
    assert made["UseCognitoProvidedValues"] is False and made["Settings"] == SETTINGS
    assert made["Assets"][0]["Bytes"] == PNG and made["Assets"][0]["Category"] == "PAGE_HEADER_LOGO"
    by_id = idp.describe_managed_login_branding(UserPoolId=pool_id,
                                                ManagedLoginBrandingId=made["ManagedLoginBrandingId"])
    assert by_id["ManagedLoginBranding"] == made
    by_client = idp.describe_managed_login_branding_by_client(UserPoolId=pool_id, ClientId=client_id)
    assert by_client["ManagedLoginBranding"] == made


def test_one_branding_per_client(idp, pool_id, client_id):
    idp.create_managed_login_branding(UserPoolId=pool_id, ClientId=client_id, UseCognitoProvidedValues=True)
    with pytest.raises(ClientError) as exc:
        idp.create_managed_login_branding(UserPoolId=pool_id, ClientId=client_id, Settings=SETTINGS)
    assert error_of(exc)[0] == "ManagedLoginBrandingExistsException"


def test_defaults_exclude_settings(idp, pool_id, client_id):
    with pytest.raises(ClientError) as exc:
        idp.create_managed_login_branding(UserPoolId=pool_id, ClientId=client_id, UseCognitoProvidedValues=True,
                                          Settings=SETTINGS)
    assert error_of(exc)[0] == "InvalidParameterException"
    with pytest.raises(ClientError) as exc:
        idp.describe_managed_login_branding_by_client(UserPoolId=pool_id, ClientId=client_id)
    assert error_of(exc)[0] == "ResourceNotFoundException"


def test_update_and_delete_branding(idp, pool_id, client_id):
    made = idp.create_managed_login_branding(UserPoolId=pool_id, ClientId=client_id,
                                             Settings=SETTINGS)["ManagedLoginBranding"]
    branding_id = made["ManagedLoginBrandingId"]
    updated = idp.update_managed_login_branding(UserPoolId=pool_id, ManagedLoginBrandingId=branding_id,
                                                UseCognitoProvidedValues=True)["ManagedLoginBranding"]
    assert updated["UseCognitoProvidedValues"] is True and "Settings" not in updated
    idp.delete_managed_login_branding(UserPoolId=pool_id, ManagedLoginBrandingId=branding_id)
    with pytest.raises(ClientError) as exc:
        idp.describe_managed_login_branding(UserPoolId=pool_id, ManagedLoginBrandingId=branding_id)
    assert error_of(exc)[0] == "ResourceNotFoundException"
    idp.create_managed_login_branding(UserPoolId=pool_id, ClientId=client_id, UseCognitoProvidedValues=True)


def test_branding_goes_with_its_client(idp, pool_id, client_id):
    made = idp.create_managed_login_branding(UserPoolId=pool_id, ClientId=client_id,
                                             UseCognitoProvidedValues=True)["ManagedLoginBranding"]
    idp.delete_user_pool_client(UserPoolId=pool_id, ClientId=client_id)
    with pytest.raises(ClientError) as exc:
        idp.describe_managed_login_branding(UserPoolId=pool_id, ManagedLoginBrandingId=made["ManagedLoginBrandingId"])
    assert error_of(exc) == ("ResourceNotFoundException",
                             f"Managed login branding {made['ManagedLoginBrandingId']} does not exist.")


# --- terms ------------------------------------------------------------------------------------
LINKS = {"cognito:default": "https://example.com/terms"}


def make_terms(idp, pool_id, client_id, name="terms-of-use", links=LINKS):
    return idp.create_terms(UserPoolId=pool_id, ClientId=client_id, TermsName=name, TermsSource="LINK",
                            Enforcement="NONE", Links=links)["Terms"]


def test_terms_round_trip(idp, pool_id, client_id):
    made = make_terms(idp, pool_id, client_id)
    assert made["ClientId"] == client_id and made["Links"] == LINKS and made["TermsSource"] == "LINK"
    assert idp.describe_terms(UserPoolId=pool_id, TermsId=made["TermsId"])["Terms"] == made
    listed = idp.list_terms(UserPoolId=pool_id)["Terms"]
    assert listed == [{"TermsId": made["TermsId"], "TermsName": "terms-of-use", "Enforcement": "NONE",
                       "CreationDate": made["CreationDate"], "LastModifiedDate": made["LastModifiedDate"]}]


def test_terms_exist_once_per_client(idp, pool_id, client_id):
    make_terms(idp, pool_id, client_id)
    with pytest.raises(ClientError) as exc:
        make_terms(idp, pool_id, client_id)
    assert error_of(exc)[0] == "TermsExistsException"
    privacy = make_terms(idp, pool_id, client_id, name="privacy-policy")
    with pytest.raises(ClientError) as exc:
        idp.update_terms(UserPoolId=pool_id, TermsId=privacy["TermsId"], TermsName="terms-of-use")
    assert error_of(exc)[0] == "TermsExistsException"


def test_bad_links(idp, pool_id, client_id):
    with pytest.raises(ClientError) as exc:
        make_terms(idp, pool_id, client_id, links={"cognito:default": "http://example.com/terms"})
    assert error_of(exc)[0] == "InvalidParameterException"
    assert idp.list_terms(UserPoolId=pool_id)["Terms"] == []


def test_update_list_and_delete_terms(idp, pool_id, client_id):
    made = make_terms(idp, pool_id, client_id)
    other = make_terms(idp, pool_id, client_id, name="privacy-policy")
    new_links = {"cognito:english": "https://example.com/en"}
    updated = idp.update_terms(UserPoolId=pool_id, TermsId=made["TermsId"], Links=new_links)["Terms"]
    assert updated["Links"] == new_links and updated["TermsName"] == "terms-of-use"
    first = idp.list_terms(UserPoolId=pool_id, MaxResults=1)
    second = idp.list_terms(UserPoolId=pool_id, MaxResults=1, NextToken=first["NextToken"])
    assert [t["TermsId"] for t in first["Terms"] + second["Terms"]] == [made["TermsId"], other["TermsId"]]
    idp.delete_terms(UserPoolId=pool_id, TermsId=made["TermsId"])
    with pytest.raises(ClientError) as exc:
        idp.describe_terms(UserPoolId=pool_id, TermsId=made["TermsId"])
    assert error_of(exc)[0] == "ResourceNotFoundException"
